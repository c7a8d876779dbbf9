/**
 * Votes: one row per (team member, paper, emoji). A member's vote for a paper
 * counts once however many vote emoji they add, and stays until their last
 * one is removed, so tallies count distinct users.
 */
import { type Kysely, sql } from "kysely";
import type { TeamScope, VoteInput } from "../types.js";
import type { Database } from "./schema.js";

export interface VoteChange {
  /** False when nothing changed: a retry, a second click, a vote that was not there. */
  changed: boolean;
  /** The paper's tally in the team afterwards. */
  votes: number;
}

/*
 * Each change and the tally it leads to are one statement, one round trip. The
 * tally is read from the statement's snapshot, which does not yet show the
 * change, so the change's own effect is added: a new vote adds a voter unless
 * they had voted with another emoji; a removed vote loses one unless they
 * still vote with another.
 */

/** Records the vote and returns the paper's new tally. */
export async function addVote(db: Kysely<Database>, vote: VoteInput): Promise<VoteChange> {
  const { rows } = await sql<{ changed: boolean; votes: number }>`
    with added as (
      insert into votes (platform, workspace, user_id, paper_id, emoji)
      values (${vote.platform}, ${vote.workspace}, ${vote.user}, ${vote.paperId}, ${vote.emoji})
      on conflict do nothing
      returning user_id
    )
    select exists (select 1 from added) as changed,
      (select count(distinct user_id) from votes
        where paper_id = ${vote.paperId} and platform = ${vote.platform} and workspace = ${vote.workspace})
      + case when exists (select 1 from added) and not exists (
          select 1 from votes where paper_id = ${vote.paperId} and platform = ${vote.platform}
            and workspace = ${vote.workspace} and user_id = ${vote.user}
        ) then 1 else 0 end as votes
  `.execute(db);
  const row = rows[0];
  return { changed: Boolean(row?.changed), votes: Number(row?.votes ?? 0) };
}

/** Removes that one emoji's vote and returns the paper's new tally. */
export async function removeVote(db: Kysely<Database>, vote: VoteInput): Promise<VoteChange> {
  const { rows } = await sql<{ changed: boolean; votes: number }>`
    with removed as (
      delete from votes
      where platform = ${vote.platform} and workspace = ${vote.workspace} and user_id = ${vote.user}
        and paper_id = ${vote.paperId} and emoji = ${vote.emoji}
      returning user_id
    )
    select exists (select 1 from removed) as changed,
      (select count(distinct user_id) from votes
        where paper_id = ${vote.paperId} and platform = ${vote.platform} and workspace = ${vote.workspace})
      - case when exists (select 1 from removed) and not exists (
          select 1 from votes where paper_id = ${vote.paperId} and platform = ${vote.platform}
            and workspace = ${vote.workspace} and user_id = ${vote.user} and emoji <> ${vote.emoji}
        ) then 1 else 0 end as votes
  `.execute(db);
  const row = rows[0];
  return { changed: Boolean(row?.changed), votes: Number(row?.votes ?? 0) };
}

/**
 * Distinct voters per paper within a team, for the given papers or, without
 * ids, for every paper the team voted for (ranking). Papers without votes are
 * absent.
 */
export async function tallies(db: Kysely<Database>, scope: TeamScope, paperIds?: readonly string[]): Promise<Map<string, number>> {
  if (paperIds?.length === 0) return new Map();
  let query = db
    .selectFrom("votes")
    .select(["paper_id", (eb) => eb.fn.count<number>("user_id").distinct().as("voters")])
    .where("platform", "=", scope.platform)
    .where("workspace", "=", scope.workspace);
  if (paperIds) query = query.where("paper_id", "in", [...paperIds]);
  const rows = await query.groupBy("paper_id").execute();
  return new Map(rows.map((row) => [row.paper_id, Number(row.voters)]));
}
