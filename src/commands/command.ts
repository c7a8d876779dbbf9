/**
 * A parsed `/papers` command and what running one needs. Parsing turns text
 * (Slack, the shell) or typed options (Discord) into a `Command`; running it
 * returns a `Reply`. Neither step knows which platform asked.
 */
import type { ChannelChanges, Paperboy } from "../core/api.js";
import type { ChatPlatform, Clock, Logger } from "../core/ports.js";
import type { ParsedQuery } from "../core/search/index.js";
import type { ChannelRef, TopPeriod } from "../core/types.js";
import type { Reply } from "./reply.js";

export type Command =
  | { name: "search"; query: ParsedQuery; text: string }
  | { name: "top"; period: TopPeriod }
  | { name: "show"; id: string }
  | { name: "subscribe"; changes: ChannelChanges }
  | { name: "unsubscribe" }
  | { name: "digest" }
  | { name: "help" };

export type ParseResult = { ok: true; command: Command } | { ok: false; reply: Reply };

export interface CommandContext {
  channel: ChannelRef;
  user: string;
  /** May change channel settings and post digests (the platform decides who: Slack admins list, Discord Manage Channels). */
  isAdmin: boolean;
}

export interface CommandDeps {
  paperboy: Paperboy;
  /** The platform the command came from, for posting a digest in its channel. */
  chat: ChatPlatform;
  clock: Clock;
  log: Logger;
}
