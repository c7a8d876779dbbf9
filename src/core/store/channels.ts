/**
 * Channel settings: where digests go, when, and about what. A channel gets a
 * row when it subscribes, or when someone asks it for a digest by hand (then
 * it stays unsubscribed).
 */
import type { Kysely, Selectable } from "kysely";
import type { ChannelRef, ChannelSettings, Platform } from "../types.js";
import type { ChannelsTable, Database } from "./schema.js";

export type StoredChannel = ChannelSettings & { pk: number };

function rowToChannel(row: Selectable<ChannelsTable>): StoredChannel {
  return {
    pk: row.id,
    platform: row.platform as Platform,
    workspace: row.workspace,
    channel: row.channel_id,
    digestTime: row.digest_time,
    timezone: row.timezone,
    digestSize: row.digest_size,
    topics: row.topics,
    enabled: row.enabled,
  };
}

export async function findChannel(db: Kysely<Database>, ref: ChannelRef): Promise<StoredChannel | undefined> {
  const row = await db
    .selectFrom("channels")
    .selectAll()
    .where("platform", "=", ref.platform)
    .where("workspace", "=", ref.workspace)
    .where("channel_id", "=", ref.channel)
    .executeTakeFirst();
  return row ? rowToChannel(row) : undefined;
}

/** Creates or changes a channel's settings in one statement, safe against a concurrent first write. */
export async function saveChannel(db: Kysely<Database>, settings: ChannelSettings): Promise<StoredChannel> {
  const row = await db
    .insertInto("channels")
    .values({
      platform: settings.platform,
      workspace: settings.workspace,
      channel_id: settings.channel,
      digest_time: settings.digestTime,
      timezone: settings.timezone,
      digest_size: settings.digestSize,
      topics: settings.topics,
      enabled: settings.enabled,
    })
    .onConflict((conflict) =>
      conflict.columns(["platform", "workspace", "channel_id"]).doUpdateSet((eb) => ({
        digest_time: eb.ref("excluded.digest_time"),
        timezone: eb.ref("excluded.timezone"),
        digest_size: eb.ref("excluded.digest_size"),
        topics: eb.ref("excluded.topics"),
        enabled: eb.ref("excluded.enabled"),
        updated_at: new Date(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToChannel(row);
}

/** A channel's row, created unsubscribed with the defaults when it has none. */
export async function ensureChannel(
  db: Kysely<Database>,
  ref: ChannelRef,
  defaults: Omit<ChannelSettings, keyof ChannelRef | "enabled">,
): Promise<StoredChannel> {
  const existing = await findChannel(db, ref);
  if (existing) return existing;
  await db
    .insertInto("channels")
    .values({
      platform: ref.platform,
      workspace: ref.workspace,
      channel_id: ref.channel,
      digest_time: defaults.digestTime,
      timezone: defaults.timezone,
      digest_size: defaults.digestSize,
      topics: defaults.topics,
      enabled: false,
    })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  const created = await findChannel(db, ref);
  if (!created) throw new Error("channel row vanished right after it was written");
  return created;
}

export async function subscribedChannels(db: Kysely<Database>, platforms: readonly Platform[]): Promise<StoredChannel[]> {
  if (platforms.length === 0) return [];
  const rows = await db
    .selectFrom("channels")
    .selectAll()
    .where("enabled", "=", true)
    .where("platform", "in", [...platforms])
    .orderBy("id")
    .execute();
  return rows.map(rowToChannel);
}
