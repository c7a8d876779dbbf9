/**
 * A fake of Discord's REST API (v10) on 127.0.0.1, reached by discord.js
 * through `rest: { api: 'http://127.0.0.1:PORT/api' }`. It keeps channels and
 * messages in memory, answers the routes paperboy uses with the objects real
 * Discord returns, records every request for assertions, and fails on
 * request with errors in Discord's own shape (`{ message, code }`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ChannelType } from "discord.js";
import { apiMessage, apiThread, snowflake, type ApiChannel, type ApiMessage, type ApiUser } from "./fake-discord-payloads.js";

export interface RecordedRequest {
  method: string;
  /** Decoded path after `/api/v10`, e.g. `/webhooks/123/tok/messages/@original`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

export interface ScriptedError {
  method: string;
  path: RegExp;
  status: number;
  code: number;
  message: string;
  /** How many matching requests fail; unlimited when absent. */
  times?: number | undefined;
}

export interface FakeRestState {
  bot: ApiUser;
  applicationId: string;
  gatewayUrl(): string;
  channels: Map<string, ApiChannel>;
  messages: Map<string, ApiMessage>;
  /** Interaction token → id of its original response message. */
  originals: Map<string, string>;
  /** Interaction token → id of the message whose component was clicked. */
  componentMessages: Map<string, string>;
  /** Interaction token → where and by whom it was invoked. */
  interactions: Map<string, { id: string; type: number; channelId: string; guildId: string; user: ApiUser }>;
  /** A thread came to life: the gateway announces it, as Discord does. */
  onThreadCreated(thread: ApiChannel): void;
  onMessageCreated(message: ApiMessage): void;
}

export interface FakeRest {
  readonly url: string;
  readonly requests: RecordedRequest[];
  fail(error: ScriptedError): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export async function createFakeRest(state: FakeRestState): Promise<FakeRest> {
  const requests: RecordedRequest[] = [];
  const scripted: ScriptedError[] = [];

  const message = (id: string): ApiMessage => {
    const found = state.messages.get(id);
    if (!found) throw new HttpError(404, 10008, "Unknown Message");
    return found;
  };
  const channel = (id: string): ApiChannel => {
    const found = state.channels.get(id);
    if (!found) throw new HttpError(404, 10003, "Unknown Channel");
    return found;
  };
  const store = (created: ApiMessage): ApiMessage => {
    state.messages.set(created.id, created);
    state.onMessageCreated(created);
    return created;
  };
  const webhookMessage = (token: string, body: Record<string, unknown>, extra: Partial<ApiMessage> = {}): ApiMessage => {
    const interaction = state.interactions.get(token);
    if (!interaction) throw new HttpError(401, 50027, "Invalid Webhook Token");
    return apiMessage({
      id: snowflake(),
      channelId: interaction.channelId,
      guildId: interaction.guildId,
      author: state.bot,
      body,
      type: 20,
      extra: {
        webhook_id: state.applicationId,
        application_id: state.applicationId,
        interaction_metadata: {
          id: interaction.id,
          type: interaction.type,
          user: interaction.user,
          authorizing_integration_owners: { "0": interaction.guildId },
        },
        ...extra,
      },
    });
  };
  const edit = (id: string, body: Record<string, unknown>): ApiMessage => {
    const current = message(id);
    const updated: ApiMessage = {
      ...current,
      ...("content" in body ? { content: String(body["content"] ?? "") } : {}),
      ...("embeds" in body ? { embeds: (body["embeds"] as unknown[]) ?? [] } : {}),
      ...("components" in body ? { components: (body["components"] as unknown[]) ?? [] } : {}),
      edited_timestamp: new Date().toISOString(),
    };
    state.messages.set(id, updated);
    return updated;
  };

  const route = (method: string, path: string, body: Record<string, unknown>): { status: number; json?: unknown } => {
    let match: RegExpExecArray | null;
    if (method === "GET" && path === "/gateway/bot") {
      return {
        status: 200,
        json: {
          url: state.gatewayUrl(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        },
      };
    }
    if (method === "GET" && path === "/users/@me") return { status: 200, json: state.bot };

    if ((match = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      const token = match[2] as string;
      const type = body["type"];
      const data = (body["data"] ?? {}) as Record<string, unknown>;
      if (type === 4 || type === 5) {
        // An answer (4) or a "thinking…" placeholder (5) becomes the original response.
        const original = webhookMessage(token, type === 4 ? data : { flags: data["flags"] });
        state.messages.set(original.id, original);
        state.originals.set(token, original.id);
      } else if (type === 6 || type === 7) {
        // For a component interaction, @original is the message the component sits on.
        const target = state.componentMessages.get(token);
        if (target) state.originals.set(token, target);
        if (type === 7 && target && state.messages.has(target)) edit(target, data);
      }
      return { status: 204 };
    }

    if ((match = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/.exec(path))) {
      const token = match[2] as string;
      const id = match[3] === "@original" ? state.originals.get(token) : match[3];
      if (!id) throw new HttpError(404, 10008, "Unknown Message");
      if (method === "GET") return { status: 200, json: message(id) };
      if (method === "PATCH") return { status: 200, json: edit(id, body) };
      if (method === "DELETE") {
        state.messages.delete(id);
        return { status: 204 };
      }
    }
    if (method === "POST" && (match = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      const followup = webhookMessage(match[2] as string, body);
      state.messages.set(followup.id, followup);
      return { status: 200, json: followup };
    }

    if ((match = /^\/channels\/(\d+)$/.exec(path)) && method === "GET") {
      return { status: 200, json: channel(match[1] as string) };
    }
    if ((match = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === "POST") {
      const target = channel(match[1] as string);
      if (target.type === ChannelType.GuildForum || target.type === ChannelType.GuildMedia) {
        throw new HttpError(400, 50008, "Cannot send messages in a non-text channel");
      }
      const created = apiMessage({ id: snowflake(), channelId: target.id, guildId: target.guild_id, author: state.bot, body });
      if (target.thread_metadata) {
        target.message_count = (target.message_count ?? 0) + 1;
        target.total_message_sent = (target.total_message_sent ?? 0) + 1;
        created.position = target.total_message_sent;
      }
      target.last_message_id = created.id;
      return { status: 200, json: store(created) };
    }
    if ((match = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const found = message(match[2] as string);
      if (found.channel_id !== match[1]) throw new HttpError(404, 10008, "Unknown Message");
      if (method === "GET") return { status: 200, json: found };
      if (method === "PATCH") return { status: 200, json: edit(found.id, body) };
      if (method === "DELETE") {
        state.messages.delete(found.id);
        return { status: 204 };
      }
    }
    if ((match = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && method === "POST") {
      const parent = channel(match[1] as string);
      const root = message(match[2] as string);
      if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement) {
        throw new HttpError(400, 50024, "Cannot execute action on this channel type");
      }
      if (root.thread) throw new HttpError(400, 160004, "A thread has already been created for this message");
      // A thread started from a message shares the message's id.
      const thread = apiThread({
        id: root.id,
        guildId: parent.guild_id,
        parent,
        name: String(body["name"] ?? "thread"),
        ownerId: state.bot.id,
        autoArchiveDuration: Number(body["auto_archive_duration"] ?? 1440),
      });
      state.channels.set(thread.id, thread);
      state.messages.set(root.id, { ...root, thread });
      state.onThreadCreated(thread);
      return { status: 201, json: thread };
    }
    if ((match = /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/.exec(path))) {
      message(match[2] as string);
      return { status: 204 };
    }

    if ((match = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)) && method === "PUT") {
      const commands = Array.isArray(body) ? (body as Array<Record<string, unknown>>) : [];
      return {
        status: 200,
        json: commands.map((command) => ({
          id: snowflake(),
          application_id: match?.[1],
          ...(match?.[2] ? { guild_id: match[2] } : {}),
          version: snowflake(),
          type: 1,
          ...command,
        })),
      };
    }
    throw new HttpError(404, 0, "404: Not Found");
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const parsedUrl = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = decodeURIComponent(parsedUrl.pathname.replace(/^\/api(\/v\d+)?/, ""));
    const method = req.method ?? "GET";
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    requests.push({
      method,
      path,
      query: Object.fromEntries(parsedUrl.searchParams),
      body,
      authorization: req.headers.authorization,
    });
    const answer = (status: number, json?: unknown): void => {
      res.writeHead(status, json === undefined ? {} : { "content-type": "application/json" });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    try {
      const failure = scripted.find((error) => error.method === method && error.path.test(path));
      if (failure) {
        if (failure.times !== undefined && --failure.times <= 0) scripted.splice(scripted.indexOf(failure), 1);
        throw new HttpError(failure.status, failure.code, failure.message);
      }
      const result = route(method, path, (body ?? {}) as Record<string, unknown>);
      answer(result.status, result.json);
    } catch (error) {
      if (error instanceof HttpError) answer(error.status, { message: error.message, code: error.code });
      else answer(500, { message: String(error), code: 0 });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;

  return {
    url,
    requests,
    fail(error) {
      scripted.push({ ...error });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
