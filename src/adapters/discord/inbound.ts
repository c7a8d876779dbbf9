/**
 * Pure translation of what Discord sends into what paperboy understands:
 * a slash command's subcommand and options into command input, a button's
 * custom id into an action, a reaction's emoji into "is this a vote", and a
 * member's permission bitfield into "may change channel settings". No
 * discord.js objects here, only their plain values, so each rule is tested
 * on its own.
 */
import { PermissionFlagsBits } from "discord.js";
import { COMMANDS, type CommandName } from "../../commands/declarations.js";
import type { ChannelRef } from "../../core/types.js";

export interface SlashInput {
  subcommand: CommandName;
  options: Record<string, string | undefined>;
}

/** `/papers <subcommand> name:value …` → a known subcommand with its string options, or undefined. */
export function toSlashInput(
  subcommand: string | null | undefined,
  options: ReadonlyArray<{ name: string; value?: unknown }>,
): SlashInput | undefined {
  const declaration = COMMANDS.find((command) => command.name === subcommand);
  if (!declaration) return undefined;
  const values: Record<string, string | undefined> = {};
  for (const argument of declaration.arguments) {
    const given = options.find((option) => option.name === argument.name)?.value;
    values[argument.name] = given === undefined || given === null ? undefined : String(given);
  }
  return { subcommand: declaration.name, options: values };
}

export function isAdminCommand(name: CommandName): boolean {
  return COMMANDS.find((command) => command.name === name)?.admin ?? false;
}

/**
 * Whether a member may change channel settings: Manage Channels (or
 * Administrator, which implies it) in the permission bitfield Discord sends
 * with the interaction. Unknown permissions mean no.
 */
export function canManageChannels(permissions: string | bigint | null | undefined): boolean {
  if (permissions === null || permissions === undefined) return false;
  let bits: bigint;
  try {
    bits = typeof permissions === "bigint" ? permissions : BigInt(permissions);
  } catch {
    return false;
  }
  return (bits & (PermissionFlagsBits.ManageChannels | PermissionFlagsBits.Administrator)) !== 0n;
}

export type ButtonAction = { action: "upvote" | "share"; paperId: string };

export function parseButtonId(customId: string): ButtonAction | undefined {
  const match = /^(upvote|share):(.+)$/.exec(customId);
  if (!match?.[2]) return undefined;
  return { action: match[1] as ButtonAction["action"], paperId: match[2] };
}

/**
 * Emoji compare equal whether or not they carry a variation selector (`❤` vs
 * `❤️`) or a skin tone: Discord applies a person's chosen tone to their
 * reactions, so their 👍 arrives as 👍🏽.
 */
export function normaliseEmoji(name: string): string {
  return name.replace(/[\uFE0E\uFE0F]|[\u{1F3FB}-\u{1F3FF}]/gu, "").trim();
}

/**
 * The vote emoji a reaction counts as, or undefined. Unicode emoji match by
 * character; custom emoji match by name (`:upvote:` configured as `upvote`).
 */
export function matchVoteEmoji(reaction: { name: string | null; id: string | null }, configured: readonly string[]): string | undefined {
  if (!reaction.name) return undefined;
  const name = normaliseEmoji(reaction.name);
  const found = configured.find((emoji) => normaliseEmoji(emoji.replace(/^:|:$/g, "")) === name);
  return found === undefined ? undefined : name;
}

export function channelRef(guildId: string, channelId: string): ChannelRef {
  return { platform: "discord", workspace: guildId, channel: channelId };
}

/** A reaction reduced to what a vote needs, whether discord.js or the raw gateway event supplied it. */
export interface ReactionInput {
  guildId: string;
  channelId: string;
  messageId: string;
  userId: string;
  /** Known from the member in an add event; a removal does not say. */
  isBot: boolean | undefined;
  emoji: { name: string | null; id: string | null };
}

/**
 * Reads a raw MESSAGE_REACTION_ADD / MESSAGE_REACTION_REMOVE payload. Used for
 * reactions in channels discord.js has not cached (a digest thread archived
 * before a restart), which discord.js drops even with partials.
 */
export function reactionFromRaw(data: unknown): ReactionInput | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const d = data as Record<string, unknown>;
  const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);
  const guildId = text(d["guild_id"]);
  const channelId = text(d["channel_id"]);
  const messageId = text(d["message_id"]);
  const userId = text(d["user_id"]);
  const emoji = d["emoji"] as { name?: unknown; id?: unknown } | undefined;
  if (!guildId || !channelId || !messageId || !userId || typeof emoji !== "object" || emoji === null) return undefined;
  const member = d["member"] as { user?: { bot?: unknown } } | undefined;
  const bot = member?.user?.bot;
  return {
    guildId,
    channelId,
    messageId,
    userId,
    isBot: bot === undefined ? undefined : bot === true,
    emoji: { name: text(emoji.name) ?? null, id: text(emoji.id) ?? null },
  };
}
