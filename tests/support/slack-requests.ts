/**
 * Requests as Slack sends them to an app: slash commands and interactivity
 * form-encoded, Events API callbacks as JSON, each signed over the exact bytes
 * sent (`v0:${timestamp}:${rawBody}`, HMAC-SHA256, hex). Tests and the
 * benchmark use it to reach a real Bolt receiver on 127.0.0.1.
 *
 * Usage:
 *   const slack = createSlackSender({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret, fake });
 *   const { status, responseUrl } = await slack.command("spiking", { user: "U1", channel: "C1" });
 *   const { event } = await slack.reaction("added", { user: "U1", reaction: "+1", channel: "C1", ts });
 *   await slack.event(event, { retryNum: 1, retryReason: "http_timeout" });   // Slack's redelivery
 *   await slack.blockAction({ user: "U1", channel: "C1", actionId: "upvote", value, message });
 *   await slack.command("spiking", {}, { signature: "stale" });                 // → 401
 *
 * `slack.payloads` builds the same payloads without sending them, for Socket
 * Mode (`fake.socket.send("slash_commands", slack.payloads.command("spiking"))`).
 *
 * Payload shapes follow Slack's reference pages (slash command fields,
 * `event_callback` envelope with `authorizations`, `reaction_added` /
 * `reaction_removed`, `block_actions`).
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import type { FakeSlack } from "./fake-slack.js";

export type SignatureMode = "valid" | "bad" | "missing" | "stale";

export interface SendOptions {
  signature?: SignatureMode;
  /** `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`, as Slack sets them on redelivered events. */
  retryNum?: number;
  retryReason?: string;
}

export interface SlackReceipt {
  status: number;
  /** The HTTP body Bolt answered with (empty for a plain ack). */
  body: string;
}

export interface SlackSenderDefaults {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  channel: string;
  user: string;
}

export interface CommandAt {
  user?: string;
  channel?: string;
  channelName?: string;
  command?: string;
  responseUrl?: string;
}

export interface ReactionAt {
  user?: string;
  reaction: string;
  channel?: string;
  ts: string;
  itemUser?: string;
}

export interface BlockActionAt {
  user?: string;
  channel?: string;
  actionId: string;
  value: string;
  blockId?: string;
  text?: string;
  /** The message the button sits in; omit for an ephemeral message (Slack sends none then). */
  message?: { ts: string; threadTs?: string | undefined; text?: string | undefined; blocks?: unknown[] | undefined };
  responseUrl?: string;
}

/** The two headers Slack adds, computed over exactly `rawBody`. */
export function signSlackRequest(signingSecret: string, rawBody: string, timestampSec = Math.floor(Date.now() / 1000)) {
  const signature = createHmac("sha256", signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest("hex");
  return { "x-slack-request-timestamp": String(timestampSec), "x-slack-signature": `v0=${signature}` };
}

/** Slack's payloads, unsent: the same shapes over HTTP and Socket Mode. */
export function createSlackPayloads(defaults: Partial<SlackSenderDefaults> = {}, fake?: FakeSlack) {
  const d: SlackSenderDefaults = {
    teamId: fake?.teamId ?? "T0PAPERS",
    teamDomain: fake?.teamDomain ?? "paperboy-test",
    appId: fake?.appId ?? "A0PAPERBOY",
    botUserId: fake?.botUserId ?? "U0PAPERBOY",
    channel: "C0PAPERS",
    user: "U0ALICE",
    ...defaults,
  };
  let counter = 0;
  const responseUrl = (): string => fake?.responseUrl() ?? "http://127.0.0.1:9/response/none";
  const nowTs = (): string => {
    counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(counter).padStart(6, "0")}`;
  };
  const triggerId = (): string => `${Date.now()}.${counter}.${randomUUID().replaceAll("-", "")}`;

  return {
    defaults: d,

    /** A slash command's fields (form-encoded over HTTP, a JSON object over Socket Mode). */
    command(text: string, at: CommandAt = {}): Record<string, string> {
      const user = at.user ?? d.user;
      return {
        token: "verification-token-unused",
        team_id: d.teamId,
        team_domain: d.teamDomain,
        channel_id: at.channel ?? d.channel,
        channel_name: at.channelName ?? "papers",
        user_id: user,
        user_name: user.toLowerCase(),
        command: at.command ?? "/papers",
        text,
        api_app_id: d.appId,
        is_enterprise_install: "false",
        response_url: at.responseUrl ?? responseUrl(),
        trigger_id: triggerId(),
      };
    },

    /** The `event_callback` envelope around an event; a redelivery keeps its `event_id`. */
    eventCallback(event: Record<string, unknown>): Record<string, unknown> {
      return {
        token: "verification-token-unused",
        team_id: d.teamId,
        context_team_id: d.teamId,
        context_enterprise_id: null,
        api_app_id: d.appId,
        event,
        type: "event_callback",
        event_id: `Ev${createHash("sha256").update(JSON.stringify(event)).digest("hex").slice(0, 10).toUpperCase()}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [
          { enterprise_id: null, team_id: d.teamId, user_id: d.botUserId, is_bot: true, is_enterprise_install: false },
        ],
        is_ext_shared_channel: false,
        event_context: `4-${Buffer.from(JSON.stringify({ et: event.type, tid: d.teamId })).toString("base64url")}`,
      };
    },

    /** `reaction_added` / `reaction_removed` on a message, as Slack delivers them. */
    reaction(kind: "added" | "removed", at: ReactionAt): Record<string, unknown> {
      return {
        type: kind === "added" ? "reaction_added" : "reaction_removed",
        user: at.user ?? d.user,
        reaction: at.reaction,
        item: { type: "message", channel: at.channel ?? d.channel, ts: at.ts, channel_type: "channel" },
        item_user: at.itemUser ?? d.botUserId,
        event_ts: nowTs(),
      };
    },

    /** A button click (`block_actions`); ephemeral messages come without `message`, channel messages carry it. */
    blockAction(at: BlockActionAt): Record<string, unknown> {
      const user = at.user ?? d.user;
      const channel = at.channel ?? d.channel;
      const messageTs = at.message?.ts ?? nowTs();
      return {
        type: "block_actions",
        user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: d.teamId },
        api_app_id: d.appId,
        token: "verification-token-unused",
        container: {
          type: "message",
          message_ts: messageTs,
          channel_id: channel,
          is_ephemeral: at.message === undefined,
          ...(at.message?.threadTs ? { thread_ts: at.message.threadTs } : {}),
        },
        trigger_id: triggerId(),
        team: { id: d.teamId, domain: d.teamDomain },
        enterprise: null,
        is_enterprise_install: false,
        channel: { id: channel, name: "papers" },
        ...(at.message
          ? {
              message: {
                type: "message",
                subtype: "bot_message",
                text: at.message.text ?? "",
                ts: at.message.ts,
                bot_id: fake?.botId ?? "B0PAPERBOY",
                ...(at.message.threadTs ? { thread_ts: at.message.threadTs } : {}),
                ...(at.message.blocks ? { blocks: at.message.blocks } : {}),
              },
            }
          : {}),
        state: { values: {} },
        response_url: at.responseUrl ?? responseUrl(),
        actions: [
          {
            action_id: at.actionId,
            block_id: at.blockId ?? "paper-actions",
            text: { type: "plain_text", text: at.text ?? "Upvote", emoji: true },
            value: at.value,
            type: "button",
            action_ts: nowTs(),
          },
        ],
      };
    },
  };
}

export type SlackPayloads = ReturnType<typeof createSlackPayloads>;

export function createSlackSender(options: {
  /** The app's events URL, e.g. `http://127.0.0.1:PORT/slack/events`. */
  url: string;
  signingSecret: string;
  /** Supplies response_urls and the workspace identity; without it they are made up. */
  fake?: FakeSlack | undefined;
  defaults?: Partial<SlackSenderDefaults>;
}) {
  const payloads = createSlackPayloads(options.defaults, options.fake);

  async function send(rawBody: string, contentType: string, sendOptions: SendOptions = {}): Promise<SlackReceipt> {
    const mode = sendOptions.signature ?? "valid";
    const headers: Record<string, string> = { "content-type": contentType };
    if (mode !== "missing") {
      const timestamp = Math.floor(Date.now() / 1000) - (mode === "stale" ? 6 * 60 : 0);
      const secret = mode === "bad" ? `${options.signingSecret}-wrong` : options.signingSecret;
      Object.assign(headers, signSlackRequest(secret, rawBody, timestamp));
    }
    if (sendOptions.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(sendOptions.retryNum);
      headers["x-slack-retry-reason"] = sendOptions.retryReason ?? "http_timeout";
    }
    const response = await fetch(options.url, { method: "POST", headers, body: rawBody });
    return { status: response.status, body: await response.text() };
  }

  /** An Events API callback around `event`, JSON-encoded. */
  async function event(event: Record<string, unknown>, sendOptions: SendOptions = {}): Promise<SlackReceipt> {
    return send(JSON.stringify(payloads.eventCallback(event)), "application/json", sendOptions);
  }

  return {
    defaults: payloads.defaults,
    payloads,
    send,
    event,

    /** `/papers <text>`, form-encoded; answers the receipt and the response_url it carried. */
    async command(text: string, at: CommandAt = {}, sendOptions: SendOptions = {}): Promise<SlackReceipt & { responseUrl: string }> {
      const fields = payloads.command(text, at);
      const receipt = await send(new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded", sendOptions);
      return { ...receipt, responseUrl: fields.response_url as string };
    },

    /** A reaction event; answers the event too, so a test can redeliver it as a retry. */
    async reaction(
      kind: "added" | "removed",
      at: ReactionAt,
      sendOptions: SendOptions = {},
    ): Promise<SlackReceipt & { event: Record<string, unknown> }> {
      const sent = payloads.reaction(kind, at);
      return { ...(await event(sent, sendOptions)), event: sent };
    },

    /** A button click, `payload=<json>` form-encoded. */
    async blockAction(at: BlockActionAt, sendOptions: SendOptions = {}): Promise<SlackReceipt & { responseUrl: string }> {
      const payload = payloads.blockAction(at);
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const receipt = await send(body, "application/x-www-form-urlencoded", sendOptions);
      return { ...receipt, responseUrl: payload.response_url as string };
    },
  };
}

export type SlackSender = ReturnType<typeof createSlackSender>;
