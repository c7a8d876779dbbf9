/**
 * The domain's plain data: papers, the places paperboy talks in, and the
 * people who vote. Everything here is platform-neutral; adapters translate
 * their own ids into these shapes.
 */

export type Platform = "slack" | "discord" | "shell";
export const PLATFORMS: readonly Platform[] = ["slack", "discord", "shell"];

export type SourceName = "file" | "huggingface" | "arxiv";

/** A paper as a source delivers it, before it meets the store. */
export interface PaperInput {
  /** arXiv id in any spelling (`arXiv:2401.12345v2`), or absent for papers without one. */
  id?: string | undefined;
  title: string;
  abstract: string;
  authors?: string[] | undefined;
  categories?: string[] | undefined;
  publishedAt?: Date | undefined;
  /** When the source featured it (Hugging Face's `submittedOnDailyAt`). */
  featuredAt?: Date | undefined;
  url?: string | undefined;
  source: SourceName;
  /** Upvotes on the source itself (Hugging Face), 0 where the source has none. */
  sourceUpvotes?: number | undefined;
  sourceComments?: number | undefined;
}

/** A paper as the store keeps it. */
export interface Paper {
  /** Normalised arXiv id (`2401.12345`, `hep-th/9901001`) or a content id (`pb-…`). */
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  publishedAt: Date | null;
  featuredAt: Date | null;
  url: string;
  sources: SourceName[];
  sourceUpvotes: number;
  firstSeenAt: Date;
}

/** A paper ready to show: the stored paper plus what the team made of it. */
export interface PaperView {
  paper: Paper;
  /** Distinct team members who voted for it in this workspace. */
  votes: number;
  score: number;
  /** A short excerpt around the query terms, for search results. */
  snippet?: string | undefined;
}

/** A channel somewhere: the address every chat adapter agrees on. */
export interface ChannelRef {
  platform: Platform;
  /** Slack team id, Discord guild id, `local` for the shell. */
  workspace: string;
  channel: string;
}

/** Votes count within one team: a workspace on one platform. */
export interface TeamScope {
  platform: Platform;
  workspace: string;
}

export interface ChannelSettings extends ChannelRef {
  /** `HH:MM`, 24-hour, in `timezone`. */
  digestTime: string;
  /** IANA zone, e.g. `Europe/Berlin`. */
  timezone: string;
  digestSize: number;
  /** Lower-case words; a paper matches when any topic appears in it. */
  topics: string[];
  enabled: boolean;
}

export type TopPeriod = "day" | "week" | "month";

export interface VoteInput {
  platform: Platform;
  workspace: string;
  user: string;
  paperId: string;
  /** The reaction's name (`+1`, `👍`), or `button` for the Upvote button. */
  emoji: string;
}
