/**
 * Who runs a scheduled job's run when several processes share one database:
 * the first to insert (job, slot) owns it, everyone else skips it. The primary
 * key decides, so the race is settled by Postgres, not by timing.
 */
import { type Kysely, sql } from "kysely";

export interface JobClaims {
  /** True when this process won the run of `job` in `slot`; false when another process already has it. */
  claim(job: string, slot: string, holder: string, now: Date): Promise<boolean>;
}

/** Claims older than this are only history; they are pruned as new ones arrive. */
const KEEP_DAYS = 14;

export function createJobClaims<DB>(db: Kysely<DB>): JobClaims {
  return {
    async claim(job, slot, holder, now) {
      const inserted = await sql<{ job: string }>`
        insert into job_claims (job, slot, claimed_by, claimed_at)
        values (${job}, ${slot}, ${holder}, ${now.toISOString()})
        on conflict (job, slot) do nothing
        returning job`.execute(db);
      if (inserted.rows.length === 0) return false;
      const horizon = new Date(now.getTime() - KEEP_DAYS * 86_400_000);
      await sql`delete from job_claims where job = ${job} and claimed_at < ${horizon.toISOString()}`.execute(db);
      return true;
    },
  };
}

/** The slot of a run at `now`: the UTC minute, so processes whose cron fired for the same minute agree. */
export function minuteSlot(now: Date): string {
  return `${now.toISOString().slice(0, 16)}Z`;
}
