/**
 * paperboy in Slack, on the real Bolt: the `/papers` command, digest threads,
 * reaction votes and the Upvote / Share buttons. This file is the SDK wiring
 * only; inbound.ts translates payloads and render.ts draws Block Kit.
 *
 * Every listener acknowledges first (Slack gives three seconds), then works
 * inside one try/catch: a failure is logged once with its cause, the user gets
 * one calm line, and the process carries on.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import {
  App,
  HTTPReceiver,
  LogLevel,
  SocketModeReceiver,
  type BlockAction,
  type ButtonAction,
  type Logger as BoltLogger,
  type ReceiverEvent,
  type RespondFn,
} from "@slack/bolt";
import type { SlackConfig } from "../../config.js";
import { UserFacingError } from "../../core/errors.js";
import type { ChatPlatform, PostedMessage } from "../../core/ports.js";
import type { ChannelRef, TeamScope } from "../../core/types.js";
import { handleCommand, handleCommandText, parseCommandText } from "../../commands/index.js";
import type { AdapterDeps, ChatAdapter } from "../chat-adapter.js";
import {
  buttonClick,
  commandContextOf,
  isSlackAdmin,
  parseActionValue,
  parseSlackMessageId,
  reactionVote,
  slackMessageId,
  type BlockActionFields,
} from "./inbound.js";
import {
  SHARE_ACTION,
  UPVOTE_ACTION,
  digestRootMessage,
  noticeMessage,
  paperMessage,
  replyToBlocks,
  votesLabel,
} from "./render.js";

/** p-retry options, as the Web API client takes them. */
export interface SlackRetryConfig {
  retries?: number;
  factor?: number;
  minTimeout?: number;
  maxTimeout?: number;
  randomize?: boolean;
}

export interface SlackAdapterDeps extends AdapterDeps {
  /**
   * How the Web API client retries (default `DEFAULT_RETRY`). Keep `retries`
   * ≥ 1: a 429 is only retried, after its `Retry-After` wait, while retries remain.
   */
  retryConfig?: SlackRetryConfig | undefined;
  /** Interface the HTTP receiver binds (default: all); tests use 127.0.0.1. */
  host?: string | undefined;
}

export interface SlackAdapter extends ChatAdapter {
  readonly app: App;
  /** The port HTTP mode listens on once started (useful with PORT=0); undefined in Socket Mode. */
  readonly port: number | undefined;
  readonly mode: "http" | "socket";
  /** Resolves when every request taken so far has been handled (tests wait on it instead of sleeping). */
  settled(): Promise<void>;
}

/**
 * Bolt's default retries a call for about 30 minutes. A digest's claim lasts 5
 * minutes (DIGEST_LEASE_MS), after which another process may resume the thread:
 * a post still retrying then could appear twice. These retries (each 429 still
 * waits its Retry-After first) and a per-request timeout end well inside that.
 */
export const DEFAULT_RETRY: SlackRetryConfig = { retries: 5, factor: 2, minTimeout: 1_000, maxTimeout: 30_000, randomize: true };
export const REQUEST_TIMEOUT_MS = 15_000;

export const SLACK_EVENTS_PATH = "/slack/events";
export const PAPERS_COMMAND = "/papers";
const CALM_LINE = "Sorry, something went wrong on my side. Please try again in a minute.";
/** What auth.test answers when the bot token is wrong, revoked or from an uninstalled app. */
const TOKEN_ERRORS = new Set(["invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"]);
/** Commands whose answer can be redrawn after an Upvote click: they only read. */
const REDRAWABLE = new Set(["search", "top", "show"]);

export function createSlackAdapter(config: SlackConfig, deps: SlackAdapterDeps): SlackAdapter {
  const { paperboy, log, clock } = deps;
  const mode = config.appToken ? "socket" : "http";
  const logger = boltLogger(log);
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl.endsWith("/") ? config.apiUrl : `${config.apiUrl}/` } : {}),
    retryConfig: deps.retryConfig ?? DEFAULT_RETRY,
    timeout: REQUEST_TIMEOUT_MS,
  };

  const receiver =
    mode === "socket"
      ? new SocketModeReceiver({ appToken: config.appToken as string, logger, installerOptions: { clientOptions } })
      : new HTTPReceiver({
          signingSecret: config.signingSecret ?? "",
          endpoints: SLACK_EVENTS_PATH,
          port: config.port,
          logger,
        });
  const app = new App({
    token: config.botToken,
    receiver,
    logger,
    clientOptions,
    // auth.test runs in start(), where a bad token is reported instead of surfacing as an unhandled rejection.
    deferInitialization: true,
    // Bolt's conversation store keeps per-channel state paperboy never uses.
    convoStore: false,
  });

  // The receiver hands each request to the app; counting them here lets stop() and tests wait for the work to finish.
  const inflight = new Set<Promise<unknown>>();
  receiver.init({
    processEvent: (event: ReceiverEvent) => {
      const work = app.processEvent(event);
      inflight.add(work);
      work.then(
        () => inflight.delete(work),
        () => inflight.delete(work),
      );
      return work;
    },
  } as unknown as App);
  const settled = async (): Promise<void> => {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  };

  const chat = createSlackChat(app.client, config, log);
  const commandDeps = { paperboy, chat, clock, log };

  /** One try/catch per listener: log once with the cause, tell the user one calm line. */
  async function guarded(what: string, fields: Record<string, unknown>, work: () => Promise<void>, tell?: RespondFn) {
    try {
      await work();
    } catch (error) {
      log.error(`slack: ${what} failed`, { ...fields, ...describeError(error) });
      if (tell) await tell({ response_type: "ephemeral", replace_original: false, text: CALM_LINE }).catch(() => undefined);
    }
  }

  /**
   * Redraws a paper message in a channel with its count. Redraws of one message run one at a time and
   * each reads the count just before it writes, so two votes at once cannot leave a stale count showing.
   */
  const redraws = new Map<string, Promise<void>>();
  function refreshPaperMessage(channel: string, ts: string, paperId: string, scope: TeamScope): Promise<void> {
    const key = `${channel}:${ts}`;
    const redraw = (redraws.get(key) ?? Promise.resolve()).then(async () => {
      try {
        const view = await paperboy.getPaper(paperId, scope);
        if (view) await app.client.chat.update({ channel, ts, ...paperMessage(view.paper, view.votes) });
      } catch (error) {
        // A failed redraw must neither undo the vote nor break the redraws queued behind it.
        log.warn("slack: could not update a paper message's vote count", { channel, ts, ...describeError(error) });
      }
    });
    redraws.set(key, redraw);
    void redraw.finally(() => {
      if (redraws.get(key) === redraw) redraws.delete(key);
    });
    return redraw;
  }

  app.command(PAPERS_COMMAND, async ({ ack, command, respond }) => {
    await ack();
    await guarded(
      "/papers",
      { channel: command.channel_id, user: command.user_id },
      async () => {
        const reply = await handleCommandText(command.text, commandContextOf(command, config.admins), commandDeps);
        await respond({ response_type: "ephemeral", ...replyToBlocks(reply, { command: command.text, share: true }) });
      },
      respond,
    );
  });

  app.action<BlockAction<ButtonAction>>(UPVOTE_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    await guarded(
      "upvote button",
      { user: body.user.id },
      async () => {
        const click = buttonClick(body as BlockActionFields);
        const value = parseActionValue(action.value);
        if (!click || !value) {
          log.warn("slack: an Upvote click without a channel or paper was ignored", { user: body.user.id });
          return;
        }
        const scope: TeamScope = { platform: "slack", workspace: click.workspace };
        const outcome = await paperboy.vote({ ...scope, user: click.user, paperId: value.paper, emoji: "button" });
        if (!outcome.changed) {
          await respond({ response_type: "ephemeral", replace_original: false, text: "You have already upvoted this paper." });
          return;
        }
        if (!click.ephemeral && click.messageTs) {
          await refreshPaperMessage(click.channel, click.messageTs, value.paper, scope);
          return;
        }
        // An answer only the asker sees has no ts to update: run its command again and replace it.
        const command = value.command;
        const parsed = command === undefined ? undefined : parseCommandText(command, clock.now());
        if (command !== undefined && parsed?.ok && REDRAWABLE.has(parsed.command.name)) {
          const context = {
            channel: { platform: "slack", workspace: click.workspace, channel: click.channel } satisfies ChannelRef,
            user: click.user,
            isAdmin: isSlackAdmin(click.user, config.admins),
          };
          const reply = await handleCommand(parsed.command, context, commandDeps);
          if (reply.kind === "papers" || reply.kind === "paper") {
            await respond({ replace_original: true, ...replyToBlocks(reply, { command, share: true }) });
            return;
          }
        }
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: `Upvoted. It has ${votesLabel(outcome.votes)} now.`,
        });
      },
      respond,
    );
  });

  app.action<BlockAction<ButtonAction>>(SHARE_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    await guarded(
      "share button",
      { user: body.user.id },
      async () => {
        const click = buttonClick(body as BlockActionFields);
        const value = parseActionValue(action.value);
        if (!click || !value) {
          log.warn("slack: a Share click without a channel or paper was ignored", { user: body.user.id });
          return;
        }
        const ref: ChannelRef = { platform: "slack", workspace: click.workspace, channel: click.channel };
        const view = await paperboy.getPaper(value.paper, ref);
        if (!view) {
          await respond({ response_type: "ephemeral", replace_original: false, text: "That paper is no longer available." });
          return;
        }
        let posted: PostedMessage;
        try {
          posted = await chat.postPaper(ref, view.paper, view.votes);
        } catch (error) {
          const code = slackErrorCode(error);
          if (code === "not_in_channel" || code === "channel_not_found") {
            await respond({
              response_type: "ephemeral",
              replace_original: false,
              text: "I can't post here yet: invite me with `/invite @paperboy`, then press Share again.",
            });
            return;
          }
          throw error;
        }
        await paperboy.recordPaperMessage(ref, view.paper.id, posted);
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: "Shared in the channel. Reactions on it count as votes.",
        });
      },
      respond,
    );
  });

  const onReaction = async ({ event, body, context }: ReactionArgs): Promise<void> => {
    await guarded("reaction vote", { type: event.type, user: event.user }, async () => {
      const vote = reactionVote(event, { voteEmoji: config.voteEmoji, botUserId: context.botUserId });
      if (!vote) return;
      const paperId = await paperboy.findPaperByMessage("slack", vote.messageId);
      if (!paperId) return;
      const workspace = body.team_id ?? context.teamId;
      if (!workspace) return;
      const input = { platform: "slack" as const, workspace, user: vote.user, paperId, emoji: vote.emoji };
      const outcome = vote.change === "vote" ? await paperboy.vote(input) : await paperboy.unvote(input);
      if (outcome.changed) {
        await refreshPaperMessage(vote.channel, vote.ts, paperId, { platform: "slack", workspace });
      }
    });
  };
  app.event("reaction_added", onReaction);
  app.event("reaction_removed", onReaction);

  // Anything a listener did not catch (Bolt's own failures included) ends here, logged, never thrown.
  app.error(async (error) => {
    log.error("slack: unhandled error", describeError(error));
  });

  let started = false;
  let port: number | undefined;

  return {
    app,
    chat,
    mode,
    get port() {
      return port;
    },
    settled,
    async start() {
      try {
        await app.init();
      } catch (error) {
        const code = slackErrorCode(error);
        if (code && TOKEN_ERRORS.has(code)) {
          throw new Error(`Slack refused SLACK_BOT_TOKEN (${code}): set it to the app's Bot User OAuth Token (xoxb-…)`, {
            cause: error,
          });
        }
        throw error;
      }
      if (mode === "socket") {
        await app.start();
      } else {
        let server: Server;
        try {
          server = (await app.start({ port: config.port, ...(deps.host ? { host: deps.host } : {}) })) as Server;
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          if (code === "EADDRINUSE" || code === "EACCES") {
            const why = code === "EADDRINUSE" ? "is already in use" : "needs privileges this process lacks";
            throw new Error(`PORT ${config.port} ${why}: set PORT to a free port for Slack's HTTP mode`, { cause: error });
          }
          throw error;
        }
        port = (server.address() as AddressInfo).port;
      }
      started = true;
      log.info("slack adapter started", mode === "socket" ? { mode } : { mode, port, path: SLACK_EVENTS_PATH });
    },
    async stop() {
      if (started) {
        started = false;
        await app.stop();
      }
      await settled();
    },
  };
}

interface ReactionArgs {
  event: { type: string; user?: string; reaction?: string; item?: { type?: string; channel?: string; ts?: string } };
  body: { team_id?: string };
  context: { botUserId?: string | undefined; teamId?: string | undefined };
}

/** The ChatPlatform the core posts digests through: a root message, then one threaded reply per paper. */
export function createSlackChat(client: App["client"], config: Pick<SlackConfig, "voteEmoji">, log: AdapterDeps["log"]) {
  const post = async (channel: string, message: { text: string; blocks: unknown[] }, threadTs?: string) => {
    const result = await client.chat
      .postMessage({
        channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: message.text,
        blocks: message.blocks as never,
        unfurl_links: false,
        unfurl_media: false,
      })
      .catch((error: unknown) => {
        const code = slackErrorCode(error);
        // The one failure the person asking can fix themselves: the bot was never invited here.
        if (code === "not_in_channel" || code === "channel_not_found") {
          throw new UserFacingError("I'm not in this channel yet: /invite @paperboy here, then try again.", { cause: error });
        }
        throw error;
      });
    if (!result.ts) throw new Error(`chat.postMessage in ${channel} answered without a ts`);
    return result.ts;
  };
  return {
    platform: "slack" as const,
    async postDigestRoot(channel, header) {
      const ts = await post(channel.channel, digestRootMessage(header, config.voteEmoji));
      // The link lets "already posted" answers point at the thread; the digest goes on without it.
      let permalink: string | undefined;
      try {
        permalink = (await client.chat.getPermalink({ channel: channel.channel, message_ts: ts })).permalink;
      } catch (error) {
        log.warn("slack: no permalink for a digest thread", { channel: channel.channel, ...describeError(error) });
      }
      return { messageId: slackMessageId(channel.channel, ts), threadId: ts, permalink };
    },
    async postDigestEntry(channel, thread, entry) {
      const threadTs = thread.threadId ?? parseSlackMessageId(thread.messageId)?.ts;
      const ts = await post(channel.channel, paperMessage(entry.paper, entry.votes), threadTs);
      return { messageId: slackMessageId(channel.channel, ts), threadId: threadTs };
    },
    async postNotice(channel, text) {
      const ts = await post(channel.channel, noticeMessage(text));
      return { messageId: slackMessageId(channel.channel, ts) };
    },
    /** A single paper in the channel (the Share button). */
    async postPaper(channel: ChannelRef, paper: Parameters<typeof paperMessage>[0], votes: number): Promise<PostedMessage> {
      const ts = await post(channel.channel, paperMessage(paper, votes));
      return { messageId: slackMessageId(channel.channel, ts) };
    },
  } satisfies ChatPlatform & Record<string, unknown>;
}

/** Slack's error code (`not_in_channel`, `ratelimited`…) when the Web API refused a call. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === "string") return data.error;
  // A Web API error we re-threw for the user still carries Slack's code underneath.
  return error instanceof UserFacingError ? slackErrorCode(error.cause) : undefined;
}

/** What a log line may say about a failure: its message, code and Slack's error, never a token or a body. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const code = (error as { code?: unknown }).code;
  const fields: Record<string, unknown> = { error: error.message };
  if (typeof code === "string") fields.code = code;
  const slack = slackErrorCode(error);
  if (slack) fields.slackError = slack;
  if (error.cause instanceof Error) fields.cause = error.cause.message;
  return fields;
}

/** Bolt and the Web API client log through paperboy's logger; their debug chatter (request bodies) is dropped. */
function boltLogger(log: AdapterDeps["log"]): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (parts: unknown[]): string =>
    parts.map((part) => (part instanceof Error ? part.message : typeof part === "string" ? part : safeJson(part))).join(" ");
  return {
    debug: () => undefined,
    info: (...parts: unknown[]) => {
      if (level === LogLevel.INFO || level === LogLevel.DEBUG) log.info(`slack: ${text(parts)}`);
    },
    warn: (...parts: unknown[]) => {
      if (level !== LogLevel.ERROR) log.warn(`slack: ${text(parts)}`);
    },
    error: (...parts: unknown[]) => log.error(`slack: ${text(parts)}`),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
