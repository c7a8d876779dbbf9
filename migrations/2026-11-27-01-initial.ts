/**
 * The system of record. The invariants of DESIGN.md live here as keys, so
 * they hold even with several processes racing: one row per paper, one vote
 * per (team member, paper, emoji), one digest per channel and local date, and
 * every posted paper message maps back to its paper.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("papers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("abstract", "text", (c) => c.notNull())
    .addColumn("authors", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("categories", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("published_at", "timestamptz")
    .addColumn("featured_at", "timestamptz")
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("sources", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("source_upvotes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("source_comments", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("first_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Freshness is what digests and "top" filter on: the later of publication and being featured.
  await sql`create index papers_fresh_at on papers ((greatest(coalesce(published_at, first_seen_at), featured_at)))`.execute(db);
  await db.schema.createIndex("papers_updated_at").on("papers").column("updated_at").execute();

  await db.schema
    .createTable("votes")
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("workspace", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("paper_id", "text", (c) => c.notNull().references("papers.id").onDelete("cascade"))
    .addColumn("emoji", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("votes_pkey", ["platform", "workspace", "user_id", "paper_id", "emoji"])
    .execute();
  await db.schema.createIndex("votes_by_paper").on("votes").columns(["paper_id", "platform", "workspace"]).execute();

  await db.schema
    .createTable("channels")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("workspace", "text", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.notNull())
    .addColumn("digest_time", "text", (c) => c.notNull().check(sql`digest_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`))
    .addColumn("timezone", "text", (c) => c.notNull())
    .addColumn("digest_size", "integer", (c) => c.notNull().check(sql`digest_size between 1 and 20`))
    .addColumn("topics", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("enabled", "boolean", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("channels_address", ["platform", "workspace", "channel_id"])
    .execute();

  await db.schema
    .createTable("digests")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("channel_pk", "integer", (c) => c.notNull().references("channels.id").onDelete("cascade"))
    .addColumn("local_date", "text", (c) => c.notNull().check(sql`local_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('posting', 'posted', 'empty')`))
    .addColumn("root_message_id", "text")
    .addColumn("thread_id", "text")
    .addColumn("permalink", "text")
    .addColumn("claim_token", "text")
    .addColumn("lease_until", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("completed_at", "timestamptz")
    // The claim: only one process can insert the digest of a channel's local day.
    .addUniqueConstraint("digests_one_per_day", ["channel_pk", "local_date"])
    .execute();

  await db.schema
    .createTable("digest_items")
    .addColumn("digest_id", "integer", (c) => c.notNull().references("digests.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("paper_id", "text", (c) => c.notNull().references("papers.id").onDelete("cascade"))
    .addColumn("message_id", "text")
    .addColumn("posted_at", "timestamptz")
    .addPrimaryKeyConstraint("digest_items_pkey", ["digest_id", "position"])
    .addUniqueConstraint("digest_items_paper_once", ["digest_id", "paper_id"])
    .execute();

  await db.schema
    .createTable("paper_messages")
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("message_id", "text", (c) => c.notNull())
    .addColumn("workspace", "text", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.notNull())
    .addColumn("paper_id", "text", (c) => c.notNull().references("papers.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("paper_messages_pkey", ["platform", "message_id"])
    .execute();
}
