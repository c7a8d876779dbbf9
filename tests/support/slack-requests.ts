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
 *   await slack.command("spiking", {}, { signature: "stale" });   // → 401
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

/** The two headers Slack adds, computed over exactly `rawBody`. */
export function signSlackRequest(signingSecret: string, rawBody: string, timestampSec = Math.floor(Date.now() / 1000)) {
  const signature = createHmac("sha256", signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest("hex");
  return { "x-slack-request-timestamp": String(timestampSec), "x-slack-signature": `v0=${signature}` };
}

export function createSlackSender(options: {
  /** The app's events URL, e.g. `http://127.0.0.1:PORT/slack/events`. */
  url: string;
  signingSecret: string;
  /** Supplies response_urls and the workspace identity; without it they are made up. */
  fake?: FakeSlack | undefined;
  defaults?: Partial<SlackSenderDefaults>;
}) {
  const d: SlackSenderDefaults = {
    teamId: options.fake?.teamId ?? "T0PAPERS",
    teamDomain: options.fake?.teamDomain ?? "paperboy-test",
    appId: options.fake?.appId ?? "A0PAPERBOY",
    botUserId: options.fake?.botUserId ?? "U0PAPERBOY",
    channel: "C0PAPERS",
    user: "U0ALICE",
    ...options.defaults,
  };
  let counter = 0;
  const responseUrl = (): string => options.fake?.responseUrl() ?? "http://127.0.0.1:9/response/none";
  const nowTs = (): string => {
    counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(counter).padStart(6, "0")}`;
  };
  const triggerId = (): string => `${Date.now()}.${counter}.${randomUUID().replaceAll("-", "")}`;

  async function send(rawBody: string, contentType: string, sendOptions: SendOptions = {}): Promise<SlackReceipt> {
    const mode = sendOptions.signature ?? "valid";
    const headers: Record<string, string> = { "content-type": contentType };
    if (mode !== "missing") {
      const timestamp = Math.floor(Date.now() / 1000) - (mode === "stale" ? 6 * 60 : 0);
      const signed = signSlackRequest(mode === "bad" ? `${options.signingSecret}-wrong` : options.signingSecret, rawBody, timestamp);
      Object.assign(headers, signed);
    }
    if (sendOptions.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(sendOptions.retryNum);
      headers["x-slack-retry-reason"] = sendOptions.retryReason ?? "http_timeout";
    }
    const response = await fetch(options.url, { method: "POST", headers, body: rawBody });
    return { status: response.status, body: await response.text() };
  }

  /** An Events API `event_callback` around `event`, JSON-encoded; a redelivery keeps its `event_id`. */
  async function event(event: Record<string, unknown>, sendOptions: SendOptions = {}): Promise<SlackReceipt> {
    const body = JSON.stringify({
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
    });
    return send(body, "application/json", sendOptions);
  }

  return {
    defaults: d,
    send,

    /** `/papers <text>`, form-encoded; answers the receipt and the response_url it carried. */
    async command(
      text: string,
      at: { user?: string; channel?: string; channelName?: string; command?: string; responseUrl?: string } = {},
      sendOptions: SendOptions = {},
    ): Promise<SlackReceipt & { responseUrl: string }> {
      const url = at.responseUrl ?? responseUrl();
      const body = new URLSearchParams({
        token: "verification-token-unused",
        team_id: d.teamId,
        team_domain: d.teamDomain,
        channel_id: at.channel ?? d.channel,
        channel_name: at.channelName ?? "papers",
        user_id: at.user ?? d.user,
        user_name: (at.user ?? d.user).toLowerCase(),
        command: at.command ?? "/papers",
        text,
        api_app_id: d.appId,
        is_enterprise_install: "false",
        response_url: url,
        trigger_id: triggerId(),
      }).toString();
      const receipt = await send(body, "application/x-www-form-urlencoded", sendOptions);
      return { ...receipt, responseUrl: url };
    },

    event,

    /**
     * `reaction_added` / `reaction_removed` on a message, shaped as Slack
     * delivers them. Answers the event too, so a test can redeliver it as a retry.
     */
    async reaction(
      kind: "added" | "removed",
      at: { user?: string; reaction: string; channel?: string; ts: string; itemUser?: string },
      sendOptions: SendOptions = {},
    ): Promise<SlackReceipt & { event: Record<string, unknown> }> {
      const sent = {
        type: kind === "added" ? "reaction_added" : "reaction_removed",
        user: at.user ?? d.user,
        reaction: at.reaction,
        item: { type: "message", channel: at.channel ?? d.channel, ts: at.ts, channel_type: "channel" },
        item_user: at.itemUser ?? d.botUserId,
        event_ts: nowTs(),
      };
      return { ...(await event(sent, sendOptions)), event: sent };
    },

    /**
     * A button click (`block_actions`), `payload=<json>` form-encoded. Ephemeral
     * messages come without `message`, as from Slack; channel messages carry it.
     */
    async blockAction(
      at: {
        user?: string;
        channel?: string;
        actionId: string;
        value: string;
        blockId?: string;
        text?: string;
        /** The message the button sits in; omit for an ephemeral message. */
        message?: { ts: string; threadTs?: string | undefined; text?: string | undefined; blocks?: unknown[] | undefined };
        responseUrl?: string;
      },
      sendOptions: SendOptions = {},
    ): Promise<SlackReceipt & { responseUrl: string }> {
      const url = at.responseUrl ?? responseUrl();
      const user = at.user ?? d.user;
      const channel = at.channel ?? d.channel;
      const messageTs = at.message?.ts ?? nowTs();
      const payload = {
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
                bot_id: "B0PAPERBOY",
                ...(at.message.threadTs ? { thread_ts: at.message.threadTs } : {}),
                ...(at.message.blocks ? { blocks: at.message.blocks } : {}),
              },
            }
          : {}),
        state: { values: {} },
        response_url: url,
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
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const receipt = await send(body, "application/x-www-form-urlencoded", sendOptions);
      return { ...receipt, responseUrl: url };
    },
  };
}

export type SlackSender = ReturnType<typeof createSlackSender>;
