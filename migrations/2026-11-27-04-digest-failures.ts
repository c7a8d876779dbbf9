/**
 * Failed attempts per digest, so a channel whose posts keep failing (the bot
 * was removed, a permission is missing) is retried less and less often
 * instead of every minute all day.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("digests")
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}
