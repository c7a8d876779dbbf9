/**
 * The tables as kysely sees them: snake_case rows, exactly as stored. They are
 * mapped to the camelCase domain types inside the store and nowhere else.
 */
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in (`default now()`). */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PapersTable {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  published_at: Timestamp | null;
  featured_at: Timestamp | null;
  url: string;
  sources: string[];
  source_upvotes: number;
  source_comments: number;
  first_seen_at: Timestamp;
  updated_at: Timestamp;
}

export interface VotesTable {
  platform: string;
  workspace: string;
  user_id: string;
  paper_id: string;
  emoji: string;
  created_at: DefaultedTimestamp;
}

export interface ChannelsTable {
  id: Generated<number>;
  platform: string;
  workspace: string;
  channel_id: string;
  digest_time: string;
  timezone: string;
  digest_size: number;
  topics: string[];
  enabled: boolean;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type DigestStatus = "posting" | "posted" | "empty";

export interface DigestsTable {
  id: Generated<number>;
  channel_pk: number;
  local_date: string;
  status: DigestStatus;
  root_message_id: string | null;
  thread_id: string | null;
  permalink: string | null;
  claim_token: string | null;
  lease_until: Timestamp | null;
  created_at: DefaultedTimestamp;
  completed_at: Timestamp | null;
  failures: ColumnType<number, number | undefined, number>;
}

export interface DigestItemsTable {
  digest_id: number;
  position: number;
  paper_id: string;
  message_id: string | null;
  posted_at: Timestamp | null;
}

export interface PaperMessagesTable {
  platform: string;
  message_id: string;
  workspace: string;
  channel_id: string;
  paper_id: string;
  created_at: DefaultedTimestamp;
}

export interface Database {
  papers: PapersTable;
  votes: VotesTable;
  channels: ChannelsTable;
  digests: DigestsTable;
  digest_items: DigestItemsTable;
  paper_messages: PaperMessagesTable;
}
