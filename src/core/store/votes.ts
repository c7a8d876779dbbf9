/**
 * Votes: one row per (team member, paper, emoji). A member's vote for a paper
 * counts once however many vote emoji they add, and stays until their last
 * one is removed, so tallies count distinct users.
 */
import type { Kysely } from "kysely";
import type { TeamScope, VoteInput } from "../types.js";
import type { Database } from "./schema.js";

/** Records the vote; false when it was already there (a retry, a double click). */
export async function addVote(db: Kysely<Database>, vote: VoteInput): Promise<boolean> {
  const row = await db
    .insertInto("votes")
    .values({
      platform: vote.platform,
      workspace: vote.workspace,
      user_id: vote.user,
      paper_id: vote.paperId,
      emoji: vote.emoji,
    })
    .onConflict((conflict) => conflict.doNothing())
    .returning("paper_id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes that one emoji's vote; false when it was not there. */
export async function removeVote(db: Kysely<Database>, vote: VoteInput): Promise<boolean> {
  const row = await db
    .deleteFrom("votes")
    .where("platform", "=", vote.platform)
    .where("workspace", "=", vote.workspace)
    .where("user_id", "=", vote.user)
    .where("paper_id", "=", vote.paperId)
    .where("emoji", "=", vote.emoji)
    .returning("paper_id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Distinct voters per paper within a team. Papers without votes are absent. */
export async function tallies(db: Kysely<Database>, paperIds: readonly string[], scope: TeamScope): Promise<Map<string, number>> {
  if (paperIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("votes")
    .select(["paper_id", (eb) => eb.fn.count<number>("user_id").distinct().as("voters")])
    .where("platform", "=", scope.platform)
    .where("workspace", "=", scope.workspace)
    .where("paper_id", "in", [...paperIds])
    .groupBy("paper_id")
    .execute();
  return new Map(rows.map((row) => [row.paper_id, Number(row.voters)]));
}

/** Every voted paper in a team with its tally, for ranking. */
export async function teamTallies(db: Kysely<Database>, scope: TeamScope, since?: Date): Promise<Map<string, number>> {
  let query = db
    .selectFrom("votes")
    .select(["paper_id", (eb) => eb.fn.count<number>("user_id").distinct().as("voters")])
    .where("platform", "=", scope.platform)
    .where("workspace", "=", scope.workspace);
  if (since) query = query.where("created_at", ">=", since);
  const rows = await query.groupBy("paper_id").execute();
  return new Map(rows.map((row) => [row.paper_id, Number(row.voters)]));
}
