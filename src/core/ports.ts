/**
 * The ports the core declares and the outside world implements: where papers
 * come from, where digests go, and what time it is. Adapters implement these;
 * the core never learns which platform sits behind them.
 */
import type { ChannelRef, PaperInput, Paper, Platform } from "./types.js";

/** One source of papers (a JSONL file, Hugging Face daily papers, the arXiv API). */
export interface PaperSource {
  readonly name: string;
  /**
   * Yields papers in batches, so long feeds can be stored and reported as they
   * arrive. Malformed entries are reported through `warn` and skipped.
   */
  fetch(options: { warn: (message: string) => void; signal?: AbortSignal }): AsyncIterable<PaperInput[]>;
}

/** What a digest thread opens with. */
export interface DigestHeader {
  /** Local date of the digest, `YYYY-MM-DD`. */
  localDate: string;
  /** e.g. `Trending papers, Fri 27 Nov`. */
  title: string;
  paperCount: number;
}

export interface DigestEntry {
  position: number;
  paper: Paper;
  votes: number;
}

export interface PostedMessage {
  /** Platform message id, unique within the platform (Slack: `C123:1712.0001`; Discord: snowflake). */
  messageId: string;
  /** Where replies to it go (Slack: root ts; Discord: thread channel id). */
  threadId?: string | undefined;
  /** A link a person can open, when the platform has one. */
  permalink?: string | undefined;
}

/** A chat platform as the core needs it: enough to post a digest thread. */
export interface ChatPlatform {
  readonly platform: Platform;
  /** Opens the digest thread in the channel. */
  postDigestRoot(channel: ChannelRef, header: DigestHeader): Promise<PostedMessage>;
  /** Posts one paper into the digest thread opened by `postDigestRoot`. */
  postDigestEntry(channel: ChannelRef, thread: PostedMessage, entry: DigestEntry): Promise<PostedMessage>;
  /** Posts a single line in the channel (the "no new papers today" notice). */
  postNotice(channel: ChannelRef, text: string): Promise<PostedMessage>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
