/**
 * Claims for scheduled jobs (the hourly paper ingest): with several processes
 * on one database, each run of a job belongs to the one process whose insert
 * of (job, slot) won, the same way digests are claimed per channel and day.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("job_claims")
    .addColumn("job", "text", (c) => c.notNull())
    // The run's time slot, e.g. `2026-11-27T10:05Z` for the ingest due at 10:05 UTC.
    .addColumn("slot", "text", (c) => c.notNull())
    .addColumn("claimed_by", "text", (c) => c.notNull())
    .addColumn("claimed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("job_claims_pkey", ["job", "slot"])
    .execute();
  await db.schema.createIndex("job_claims_claimed_at").on("job_claims").column("claimed_at").execute();
}
