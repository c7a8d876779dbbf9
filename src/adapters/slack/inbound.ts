/**
 * Slack's inbound payloads translated into paperboy's terms: who asked, in
 * which channel, whether they may change settings, which message a reaction
 * sits on, and what a button carries. Pure, so the rules (skin tones, the
 * bot's own reactions, admins) are read and tested in one place.
 */
import type { ChannelRef } from "../../core/types.js";
import type { ActionValue } from "./render.js";

/** A paper message's id: channel and ts, so a reaction's `item` finds it. */
export function slackMessageId(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

export function parseSlackMessageId(messageId: string): { channel: string; ts: string } | undefined {
  const at = messageId.indexOf(":");
  if (at <= 0 || at === messageId.length - 1) return undefined;
  return { channel: messageId.slice(0, at), ts: messageId.slice(at + 1) };
}

/** Everyone is an admin when no admins are configured. */
export function isSlackAdmin(user: string, admins: readonly string[]): boolean {
  return admins.length === 0 || admins.includes(user);
}

export interface SlashCommandFields {
  team_id: string;
  channel_id: string;
  user_id: string;
  text: string;
}

export function commandContextOf(command: SlashCommandFields, admins: readonly string[]) {
  return {
    channel: { platform: "slack", workspace: command.team_id, channel: command.channel_id } satisfies ChannelRef,
    user: command.user_id,
    isAdmin: isSlackAdmin(command.user_id, admins),
  };
}

/** Slack's names for the same emoji; a configured `thumbsup` means the `+1` Slack sends. */
const ALIASES: Record<string, string> = { thumbsup: "+1", thumbsdown: "-1" };

/** `+1::skin-tone-2` → `+1`; `:thumbsup:` → `+1`. */
export function canonicalEmoji(name: string): string {
  const bare = name.trim().replace(/^:|:$/g, "").split("::")[0] ?? "";
  const lower = bare.toLowerCase();
  return ALIASES[lower] ?? lower;
}

export interface ReactionEventFields {
  type: string;
  user?: string | undefined;
  reaction?: string | undefined;
  item?: { type?: string | undefined; channel?: string | undefined; ts?: string | undefined } | undefined;
}

export interface ReactionVote {
  change: "vote" | "unvote";
  user: string;
  /** The canonical emoji name, so skin tones of one emoji are one vote. */
  emoji: string;
  channel: string;
  ts: string;
  messageId: string;
}

/**
 * A reaction that may be a vote: on a message, with a vote emoji, by someone
 * other than the bot. Whether the message is a paper is the core's question.
 */
export function reactionVote(
  event: ReactionEventFields,
  options: { voteEmoji: readonly string[]; botUserId?: string | undefined },
): ReactionVote | undefined {
  const change = event.type === "reaction_added" ? "vote" : event.type === "reaction_removed" ? "unvote" : undefined;
  const { user, reaction, item } = event;
  if (!change || !user || !reaction || item?.type !== "message" || !item.channel || !item.ts) return undefined;
  if (options.botUserId !== undefined && user === options.botUserId) return undefined;
  const emoji = canonicalEmoji(reaction);
  if (!options.voteEmoji.some((configured) => canonicalEmoji(configured) === emoji)) return undefined;
  return { change, user, emoji, channel: item.channel, ts: item.ts, messageId: slackMessageId(item.channel, item.ts) };
}

/** A button's value as render.ts wrote it; undefined for anything else. */
export function parseActionValue(value: string | undefined): ActionValue | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    if (parsed === null || typeof parsed !== "object") return undefined;
    const { paper, command } = parsed as { paper?: unknown; command?: unknown };
    if (typeof paper !== "string" || paper === "") return undefined;
    return { paper, command: typeof command === "string" ? command : undefined };
  } catch {
    return undefined;
  }
}

export interface BlockActionFields {
  user: { id: string; team_id?: string | undefined };
  team?: { id: string } | null | undefined;
  channel?: { id: string } | undefined;
  container?: { channel_id?: string | undefined; message_ts?: string | undefined; is_ephemeral?: boolean | undefined } | undefined;
  message?: { ts: string } | undefined;
}

export interface ButtonClick {
  user: string;
  workspace: string;
  channel: string;
  /** The message the button sits in; absent for ephemeral answers, which only `respond()` can change. */
  messageTs?: string | undefined;
  ephemeral: boolean;
}

export function buttonClick(body: BlockActionFields): ButtonClick | undefined {
  const workspace = body.team?.id ?? body.user.team_id;
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (!workspace || !channel) return undefined;
  const ephemeral = body.container?.is_ephemeral === true || body.message === undefined;
  return {
    user: body.user.id,
    workspace,
    channel,
    messageTs: ephemeral ? undefined : (body.message?.ts ?? body.container?.message_ts),
    ephemeral,
  };
}
