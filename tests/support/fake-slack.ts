/**
 * A small fake of the Slack Web API and of `response_url`, on 127.0.0.1, so
 * tests (and the benchmark) drive the real Bolt `App` and `WebClient` over a
 * socket instead of mocking them.
 *
 * Usage:
 *   const slack = await createFakeSlack();
 *   new App({ token: slack.token, clientOptions: { slackApiUrl: slack.apiUrl }, ... });
 *   const url = slack.responseUrl();            // put it in a slash command / block action
 *   slack.callsTo("chat.postMessage");          // what the bot posted, args parsed
 *   slack.responses;                            // what respond() sent to a response_url
 *   slack.rateLimit({ method: "chat.postMessage", when: (args) => args.thread_ts !== undefined, nth: 2 });
 *   await slack.close();
 *
 * Socket Mode: `apps.connections.open` (with `appToken`) answers a ws:// URL on
 * the same port; `await slack.socket.ready` after the app starts, then
 * `await slack.socket.send("slash_commands", payload)` resolves with the app's ack.
 *
 * It answers the way real Slack does where the app can tell the difference:
 * HTTP 200 with `{ ok: false, error }` for platform errors, 429 with
 * `Retry-After` and a `ratelimited` body, `invalid_auth` without the bearer
 * token, `invalid_blocks` past Block Kit's limits (50 blocks, 3000 characters
 * in a section), and `not_in_channel` where the bot was not invited.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

export interface FakeSlackIdentity {
  token: string;
  /** Socket Mode's app-level token (`xapp-…`), the only one `apps.connections.open` accepts. */
  appToken: string;
  teamId: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
}

export interface FakeSlackCall {
  method: string;
  args: Record<string, unknown>;
  /** HTTP status the fake answered with (200, or a scripted 429/500). */
  status: number;
  /** The `ok` of the answer; false for platform errors and scripted failures. */
  ok: boolean;
  /** Answer body, for successful calls (e.g. the `ts` a message got). */
  result: Record<string, unknown>;
}

export interface FakeSlackResponse {
  /** The id in the response_url path. */
  id: string;
  body: Record<string, unknown>;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  threadTs?: string | undefined;
  text?: string | undefined;
  blocks?: unknown[] | undefined;
  user: string;
}

export interface ScriptedFailure {
  method: string;
  /** Which calls of `method` qualify (all of them by default). */
  when?: (args: Record<string, unknown>) => boolean;
  /** Fail the nth qualifying call (1-based); default 1. */
  nth?: number;
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export type SocketEnvelopeType = "slash_commands" | "events_api" | "interactive";

/** The Socket Mode side: envelopes in, acks out, as Slack's WebSocket does it. */
export interface FakeSlackSocket {
  /** Resolves once an app has connected and been greeted with `hello`. */
  readonly ready: Promise<void>;
  /** Sends an envelope and resolves with the app's ack (`{ envelope_id, payload? }`). */
  send(type: SocketEnvelopeType, payload: Record<string, unknown>, options?: { retryAttempt?: number; retryReason?: string }): Promise<Record<string, unknown>>;
}

export interface FakeSlack extends FakeSlackIdentity {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Base URL for the WebClient: `http://127.0.0.1:PORT/api/` (Bolt `clientOptions.slackApiUrl`). */
  apiUrl: string;
  /** Every Web API call in arrival order, including scripted failures. */
  readonly calls: FakeSlackCall[];
  callsTo(method: string): FakeSlackCall[];
  /** Messages as they stand now (after updates), in posting order. */
  messages(channel?: string): FakeSlackMessage[];
  /** A fresh response_url on this fake; what is posted there lands in `responses`. */
  responseUrl(): string;
  readonly responses: FakeSlackResponse[];
  responsesTo(url: string): Array<Record<string, unknown>>;
  /** Answer the nth qualifying call of a method with a 429 and `Retry-After`, as Slack does. */
  rateLimit(options: { method: string; when?: (args: Record<string, unknown>) => boolean; nth?: number; retryAfter?: number }): void;
  fail(failure: ScriptedFailure): void;
  /** Channels where `chat.postMessage` answers `not_in_channel`. */
  readonly channelsWithoutBot: Set<string>;
  readonly socket: FakeSlackSocket;
  close(): Promise<void>;
}

interface PendingFailure extends ScriptedFailure {
  seen: number;
  used: boolean;
}

const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3000;

export async function createFakeSlack(identity: Partial<FakeSlackIdentity> = {}): Promise<FakeSlack> {
  const me: FakeSlackIdentity = {
    token: "xoxb-fake-bot-token",
    appToken: "xapp-fake-app-token",
    teamId: "T0PAPERS",
    teamDomain: "paperboy-test",
    botUserId: "U0PAPERBOY",
    botId: "B0PAPERBOY",
    appId: "A0PAPERBOY",
    ...identity,
  };
  const calls: FakeSlackCall[] = [];
  const responses: FakeSlackResponse[] = [];
  const messages: FakeSlackMessage[] = [];
  const failures: PendingFailure[] = [];
  const channelsWithoutBot = new Set<string>();
  let tsCounter = 0;
  let socketTickets = 0;
  let envelopeCounter = 0;
  const sockets = new WebSocketServer({ noServer: true });
  let connected: WebSocket | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const pendingAcks = new Map<string, (ack: Record<string, unknown>) => void>();
  let responseCounter = 0;
  const tsBase = Math.floor(Date.now() / 1000);
  let base = "";

  const nextTs = (): string => {
    tsCounter += 1;
    return `${tsBase + tsCounter}.${String(tsCounter).padStart(6, "0")}`;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error: "fake_slack_crashed", detail: String(error) }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;

    if (path.startsWith("/response/")) {
      const id = path.slice("/response/".length);
      responses.push({ id, body: parseJsonObject(raw) });
      return send(res, 200, { ok: true });
    }
    if (!path.startsWith("/api/")) return send(res, 404, { ok: false, error: "not_found" });

    const method = path.slice("/api/".length);
    const args = parseArgs(raw, req.headers["content-type"] ?? "");
    const record = (status: number, body: Record<string, unknown>): void => {
      calls.push({ method, args, status, ok: status === 200 && body.ok === true, result: body });
    };

    const failure = failures.find((candidate) => {
      if (candidate.used || candidate.method !== method) return false;
      return candidate.when ? candidate.when(args) : true;
    });
    if (failure) {
      failure.seen += 1;
      if (failure.seen === (failure.nth ?? 1)) {
        failure.used = true;
        record(failure.status, failure.body);
        return send(res, failure.status, failure.body, failure.headers);
      }
    }

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? (args.token as string | undefined);
    if (bearer !== (method === "apps.connections.open" ? me.appToken : me.token)) {
      const body = { ok: false, error: bearer ? "invalid_auth" : "not_authed" };
      record(200, body);
      return send(res, 200, body);
    }

    const body = answer(method, args);
    record(200, body);
    send(res, 200, body);
  }

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channel = typeof args.channel === "string" ? args.channel : undefined;
    switch (method) {
      case "apps.connections.open":
        return { ok: true, url: `${base.replace("http:", "ws:")}/socket?ticket=${++socketTickets}` };
      case "auth.test":
        return {
          ok: true,
          url: `https://${me.teamDomain}.slack.com/`,
          team: "Paperboy Test",
          user: "paperboy",
          team_id: me.teamId,
          user_id: me.botUserId,
          bot_id: me.botId,
          is_enterprise_install: false,
        };
      case "chat.postMessage": {
        if (!channel) return { ok: false, error: "channel_not_found" };
        const invalid = checkContent(args);
        if (invalid) return invalid;
        if (channelsWithoutBot.has(channel)) return { ok: false, error: "not_in_channel" };
        const threadTs = typeof args.thread_ts === "string" ? args.thread_ts : undefined;
        if (threadTs && !messages.some((m) => m.channel === channel && m.ts === threadTs)) {
          return { ok: false, error: "thread_not_found" };
        }
        const message: FakeSlackMessage = {
          channel,
          ts: nextTs(),
          threadTs,
          text: args.text as string | undefined,
          blocks: args.blocks as unknown[] | undefined,
          user: me.botUserId,
        };
        messages.push(message);
        return { ok: true, channel, ts: message.ts, message: asSlackMessage(message) };
      }
      case "chat.update": {
        const found = messages.find((m) => m.channel === channel && m.ts === args.ts);
        if (!found) return { ok: false, error: "message_not_found" };
        const invalid = checkContent(args);
        if (invalid) return invalid;
        found.text = args.text as string | undefined;
        found.blocks = args.blocks as unknown[] | undefined;
        return { ok: true, channel, ts: found.ts, text: found.text, message: asSlackMessage(found) };
      }
      case "chat.postEphemeral": {
        if (!channel || typeof args.user !== "string") return { ok: false, error: "channel_not_found" };
        const invalid = checkContent(args);
        if (invalid) return invalid;
        return { ok: true, message_ts: nextTs() };
      }
      case "chat.getPermalink": {
        const found = messages.find((m) => m.channel === channel && m.ts === args.message_ts);
        if (!found) return { ok: false, error: "message_not_found" };
        return {
          ok: true,
          channel,
          permalink: `https://${me.teamDomain}.slack.com/archives/${found.channel}/p${found.ts.replace(".", "")}`,
        };
      }
      case "reactions.add":
      case "reactions.remove":
        return { ok: true };
      case "reactions.get":
        return { ok: true, type: "message", channel, message: { type: "message", reactions: [] } };
      case "conversations.info":
        if (!channel) return { ok: false, error: "channel_not_found" };
        return { ok: true, channel: { id: channel, name: "papers", is_channel: true, is_member: !channelsWithoutBot.has(channel) } };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  function asSlackMessage(message: FakeSlackMessage): Record<string, unknown> {
    return {
      type: "message",
      subtype: "bot_message",
      bot_id: me.botId,
      user: me.botUserId,
      app_id: me.appId,
      team: me.teamId,
      ts: message.ts,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      text: message.text ?? "",
      ...(message.blocks ? { blocks: message.blocks } : {}),
    };
  }

  server.on("upgrade", (req, socket, head) => {
    if (!(req.url ?? "").startsWith("/socket")) return socket.destroy();
    sockets.handleUpgrade(req, socket, head, (ws) => {
      connected = ws;
      ws.on("message", (data) => {
        const ack = parseJsonObject(String(data));
        const id = typeof ack.envelope_id === "string" ? ack.envelope_id : "";
        pendingAcks.get(id)?.(ack);
        pendingAcks.delete(id);
      });
      ws.send(
        JSON.stringify({
          type: "hello",
          num_connections: 1,
          debug_info: { host: "fake-slack", build_number: 1, approximate_connection_time: 3600 },
          connection_info: { app_id: me.appId },
        }),
      );
      markReady();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    ...me,
    url: base,
    apiUrl: `${base}/api/`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    messages: (channel) => messages.filter((m) => channel === undefined || m.channel === channel),
    responseUrl: () => {
      responseCounter += 1;
      return `${base}/response/T0PAPERS/${responseCounter}/fake-hook-${responseCounter}`;
    },
    responses,
    responsesTo: (url) => {
      const id = new URL(url).pathname.slice("/response/".length);
      return responses.filter((r) => r.id === id).map((r) => r.body);
    },
    rateLimit: ({ method, when, nth, retryAfter = 1 }) => {
      failures.push({
        method,
        when,
        nth,
        status: 429,
        headers: { "retry-after": String(retryAfter) },
        body: { ok: false, error: "ratelimited" },
        seen: 0,
        used: false,
      });
    },
    fail: (failure) => failures.push({ ...failure, seen: 0, used: false }),
    channelsWithoutBot,
    socket: {
      ready,
      send: (type, payload, options = {}) =>
        new Promise((resolve, reject) => {
          if (!connected) return reject(new Error("no app is connected over Socket Mode"));
          envelopeCounter += 1;
          const envelopeId = `fake-envelope-${envelopeCounter}`;
          pendingAcks.set(envelopeId, resolve);
          connected.send(
            JSON.stringify({
              envelope_id: envelopeId,
              payload,
              type,
              accepts_response_payload: type !== "events_api",
              ...(type === "events_api"
                ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? "" }
                : {}),
            }),
          );
        }),
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Real Slack's `invalid_blocks` / `no_text` checks, for the limits a renderer must respect. */
function checkContent(args: Record<string, unknown>): Record<string, unknown> | undefined {
  const blocks = args.blocks;
  if (blocks === undefined && (typeof args.text !== "string" || args.text === "")) {
    return { ok: false, error: "no_text" };
  }
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return { ok: false, error: "invalid_blocks_format" };
  if (blocks.length > MAX_BLOCKS) {
    return { ok: false, error: "invalid_blocks", errors: [`must provide an array with no more than ${MAX_BLOCKS} items`] };
  }
  for (const [index, block] of blocks.entries()) {
    const text = (block as { text?: { text?: unknown } }).text?.text;
    if (typeof text === "string" && text.length > MAX_SECTION_TEXT) {
      return {
        ok: false,
        error: "invalid_blocks",
        errors: [`must be less than ${MAX_SECTION_TEXT + 1} characters [json-pointer:/blocks/${index}/text/text]`],
      };
    }
  }
  return undefined;
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return parseJsonObject(raw);
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The WebClient JSON-encodes arrays and objects inside the form.
    args[key] = value.startsWith("[") || value.startsWith("{") ? safeJson(value) : value;
  }
  return args;
}

function parseJsonObject(raw: string): Record<string, unknown> {
  const parsed = safeJson(raw);
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}
