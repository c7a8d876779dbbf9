/**
 * Digests and the messages they posted. A digest row is the claim on a
 * channel's local day: the unique key lets exactly one process insert it. The
 * claim is a lease held under a random token; every write checks the token, so
 * a process that lost its lease can never finish someone else's digest.
 */
import { type Kysely, type Selectable, sql } from "kysely";
import type { PostedMessage } from "../ports.js";
import type { Platform } from "../types.js";
import type { Database, DigestStatus, DigestsTable } from "./schema.js";

export type DigestRow = Selectable<DigestsTable>;

export type Claim =
  | { state: "new" | "taken-over"; digest: DigestRow }
  | { state: "held"; digest: DigestRow }
  | { state: "done"; digest: DigestRow };

export async function claimDigest(
  db: Kysely<Database>,
  claim: { channelPk: number; localDate: string; token: string; now: Date; leaseUntil: Date },
): Promise<Claim> {
  const inserted = await db
    .insertInto("digests")
    .values({
      channel_pk: claim.channelPk,
      local_date: claim.localDate,
      status: "posting",
      claim_token: claim.token,
      lease_until: claim.leaseUntil,
    })
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { state: "new", digest: inserted };

  const takenOver = await db
    .updateTable("digests")
    .set({ claim_token: claim.token, lease_until: claim.leaseUntil })
    .where("channel_pk", "=", claim.channelPk)
    .where("local_date", "=", claim.localDate)
    .where("status", "=", "posting")
    // Free when no process holds it (let go after a failure), or when its holder's lease ran out.
    .where((eb) => eb.or([eb("claim_token", "is", null), eb("lease_until", "is", null), eb("lease_until", "<", claim.now)]))
    .returningAll()
    .executeTakeFirst();
  if (takenOver) return { state: "taken-over", digest: takenOver };

  const existing = await db
    .selectFrom("digests")
    .selectAll()
    .where("channel_pk", "=", claim.channelPk)
    .where("local_date", "=", claim.localDate)
    .executeTakeFirstOrThrow();
  return existing.status === "posting" ? { state: "held", digest: existing } : { state: "done", digest: existing };
}

export class LostClaimError extends Error {
  override name = "LostClaimError";
}

function fenced(updated: { numUpdatedRows: bigint }): void {
  if (updated.numUpdatedRows === 0n) throw new LostClaimError("another process took over this digest");
}

export interface DigestItem {
  position: number;
  paperId: string;
  messageId: string | null;
}

export async function digestItems(db: Kysely<Database>, digestId: number): Promise<DigestItem[]> {
  const rows = await db
    .selectFrom("digest_items")
    .select(["position", "paper_id", "message_id"])
    .where("digest_id", "=", digestId)
    .orderBy("position")
    .execute();
  return rows.map((row) => ({ position: row.position, paperId: row.paper_id, messageId: row.message_id }));
}

export async function saveDigestSelection(db: Kysely<Database>, digestId: number, paperIds: readonly string[]): Promise<void> {
  if (paperIds.length === 0) return;
  await db
    .insertInto("digest_items")
    .values(paperIds.map((paperId, index) => ({ digest_id: digestId, position: index + 1, paper_id: paperId })))
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

export async function saveDigestRoot(
  db: Kysely<Database>,
  digestId: number,
  token: string,
  root: PostedMessage,
  leaseUntil: Date,
): Promise<void> {
  fenced(
    await db
      .updateTable("digests")
      .set({
        root_message_id: root.messageId,
        thread_id: root.threadId ?? null,
        permalink: root.permalink ?? null,
        lease_until: leaseUntil,
      })
      .where("id", "=", digestId)
      .where("claim_token", "=", token)
      .executeTakeFirst(),
  );
}

/**
 * Marks one paper posted, remembers its message for reactions and renews the
 * lease, in one statement: every write waits on the claim check, so a process
 * that lost its claim writes nothing.
 */
export async function saveDigestEntry(
  db: Kysely<Database>,
  entry: {
    digestId: number;
    token: string;
    position: number;
    paperId: string;
    message: PostedMessage;
    platform: Platform;
    workspace: string;
    channel: string;
    now: Date;
    leaseUntil: Date;
  },
): Promise<void> {
  const { rows } = await sql<{ claimed: number }>`
    with lease as (
      update digests set lease_until = ${entry.leaseUntil}
      where id = ${entry.digestId} and claim_token = ${entry.token}
      returning id
    ), item as (
      update digest_items set message_id = ${entry.message.messageId}, posted_at = ${entry.now}
      where digest_id = (select id from lease) and position = ${entry.position}
      returning paper_id
    ), message as (
      insert into paper_messages (platform, message_id, workspace, channel_id, paper_id)
      select ${entry.platform}, ${entry.message.messageId}, ${entry.workspace}, ${entry.channel}, paper_id from item
      on conflict do nothing
    )
    select count(*) as claimed from lease
  `.execute(db);
  if (Number(rows[0]?.claimed ?? 0) === 0) throw new LostClaimError("another process took over this digest");
}

export async function finishDigest(
  db: Kysely<Database>,
  digestId: number,
  token: string,
  status: Exclude<DigestStatus, "posting">,
  now: Date,
): Promise<void> {
  fenced(
    await db
      .updateTable("digests")
      .set({ status, completed_at: now, lease_until: null, claim_token: null })
      .where("id", "=", digestId)
      .where("claim_token", "=", token)
      .executeTakeFirst(),
  );
}

/**
 * After a failed attempt the claim is let go. The scheduler may resume after
 * the first failure at once, after later ones it waits twice as long each time
 * (2, 4, 8 … minutes, at most an hour): a passing failure resumes at once and
 * a lasting one stops filling the log. Someone asking for the digest by hand
 * may resume it any time, since no process holds it.
 */
export async function releaseDigest(db: Kysely<Database>, digestId: number, token: string, now: Date): Promise<void> {
  await db
    .updateTable("digests")
    .set({
      claim_token: null,
      failures: sql<number>`failures + 1`,
      lease_until: sql<Date | null>`case when failures = 0 then null
        else ${now}::timestamptz + least(60, power(2, failures)::int) * interval '1 minute' end`,
    })
    .where("id", "=", digestId)
    .where("claim_token", "=", token)
    .execute();
}

/** Papers ever posted in a channel's digests, so no paper is posted there twice. */
export async function postedPaperIds(db: Kysely<Database>, channelPk: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom("digest_items")
    .innerJoin("digests", "digests.id", "digest_items.digest_id")
    .select("digest_items.paper_id")
    .where("digests.channel_pk", "=", channelPk)
    // Chosen but never posted (a digest that failed and was not resumed that day) does not count.
    .where("digest_items.message_id", "is not", null)
    .execute();
  return new Set(rows.map((row) => row.paper_id));
}

/** Channel pks with a finished digest, or one still posting under a live lease, for a local date each. */
export async function settledDigests(
  db: Kysely<Database>,
  wanted: ReadonlyArray<{ channelPk: number; localDate: string }>,
  now: Date,
): Promise<Set<number>> {
  if (wanted.length === 0) return new Set();
  const rows = await db
    .selectFrom("digests")
    .select(["channel_pk", "local_date", "status", "lease_until"])
    .where("channel_pk", "in", wanted.map((w) => w.channelPk))
    .where("local_date", "in", [...new Set(wanted.map((w) => w.localDate))])
    .execute();
  const dateOf = new Map(wanted.map((w) => [w.channelPk, w.localDate]));
  const settled = new Set<number>();
  for (const row of rows) {
    if (dateOf.get(row.channel_pk) !== row.local_date) continue;
    const resumable = row.status === "posting" && (row.lease_until === null || row.lease_until < now);
    if (!resumable) settled.add(row.channel_pk);
  }
  return settled;
}

export async function savePaperMessage(
  db: Kysely<Database>,
  message: { platform: Platform; workspace: string; channel: string; paperId: string; messageId: string },
): Promise<void> {
  await db
    .insertInto("paper_messages")
    .values({
      platform: message.platform,
      message_id: message.messageId,
      workspace: message.workspace,
      channel_id: message.channel,
      paper_id: message.paperId,
    })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

export async function paperForMessage(db: Kysely<Database>, platform: Platform, messageId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("paper_messages")
    .select("paper_id")
    .where("platform", "=", platform)
    .where("message_id", "=", messageId)
    .executeTakeFirst();
  return row?.paper_id;
}
