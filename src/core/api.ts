/**
 * The core's one face: everything commands, adapters and the scheduler may ask
 * of paperboy. `createPaperboy` (paperboy.ts) builds it over a store and an index.
 */
import type { ChatPlatform, PaperSource, PostedMessage } from "./ports.js";
import type { ParsedQuery } from "./search/index.js";
import type { ChannelRef, ChannelSettings, Platform, PaperView, TeamScope, TopPeriod, VoteInput } from "./types.js";

export type ChannelChanges = Partial<Pick<ChannelSettings, "digestTime" | "timezone" | "digestSize" | "topics">>;

export type DigestOutcome =
  | { status: "posted"; localDate: string; root: PostedMessage; entries: number; resumed: boolean }
  | { status: "already-posted"; localDate: string; root?: PostedMessage | undefined }
  | { status: "nothing-new"; localDate: string; noticePosted: boolean }
  /** Another process holds the claim and is posting it right now. */
  | { status: "busy"; localDate: string };

export interface IngestReport {
  source: string;
  /** Papers read from the source (after skipping malformed ones). */
  read: number;
  inserted: number;
  updated: number;
  skipped: number;
  warnings: string[];
  /** Set when the source failed part-way: what was read before it stays stored. */
  error?: string | undefined;
}

export interface VoteOutcome {
  paperId: string;
  /** The paper's tally after the change: distinct users in the team. */
  votes: number;
  /** False when nothing changed (a retry, a second emoji, a vote that was not there). */
  changed: boolean;
}

export interface Paperboy {
  /** Parse the user's text with `parseSearchQuery` (core/search) first: a bad filter is the user's mistake, not an error. */
  searchPapers(query: ParsedQuery, scope: TeamScope, options?: { limit?: number }): Promise<PaperView[]>;
  /** Titles for autocomplete while someone types a query. */
  suggestTitles(prefix: string, limit: number): Promise<Array<{ id: string; title: string }>>;
  topPapers(period: TopPeriod, scope: TeamScope, limit?: number): Promise<PaperView[]>;
  getPaper(id: string, scope: TeamScope): Promise<PaperView | undefined>;

  getChannel(channel: ChannelRef): Promise<ChannelSettings | undefined>;
  subscribe(channel: ChannelRef, changes: ChannelChanges): Promise<{ settings: ChannelSettings; nextPostAt: Date }>;
  /** Returns false when the channel had no subscription. */
  unsubscribe(channel: ChannelRef): Promise<boolean>;
  /** Subscribed channels whose digest is due at `now` (their local time has passed, no digest today yet). */
  dueChannels(now: Date, platforms: readonly Platform[]): Promise<ChannelSettings[]>;

  /**
   * Posts (or resumes) the digest of `localDate` (default: today in the
   * channel's zone). Exactly once per channel and local date, across processes.
   */
  postDigest(channel: ChannelRef, chat: ChatPlatform, options?: { localDate?: string }): Promise<DigestOutcome>;

  /** Remembers a paper message posted outside a digest (a shared search result) so reactions find it. */
  recordPaperMessage(channel: ChannelRef, paperId: string, message: PostedMessage): Promise<void>;
  findPaperByMessage(platform: Platform, messageId: string): Promise<string | undefined>;

  vote(input: VoteInput): Promise<VoteOutcome>;
  unvote(input: VoteInput): Promise<VoteOutcome>;
  voteCount(paperId: string, scope: TeamScope): Promise<number>;

  ingest(source: PaperSource, options?: { onProgress?: (report: IngestReport) => void }): Promise<IngestReport>;
  /** Re-reads papers that other processes stored since this index last looked. */
  refreshIndex(): Promise<number>;
}
