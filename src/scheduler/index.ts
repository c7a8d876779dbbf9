/**
 * The scheduler's public face for the composition root: the clockwork, the
 * plan of what the ingest reads, and the claims that keep scheduled jobs to
 * one process among several.
 */
export { createScheduler } from "./create-scheduler.js";
export type { DigestAttempt, DigestTick, IngestTick, Scheduler, SchedulerDeps } from "./create-scheduler.js";
export { createIngestSources, planIngestSources } from "./ingest-sources.js";
export type { PlannedSource, SourceFactories } from "./ingest-sources.js";
export { createJobClaims } from "../core/schedule/job-claims.js";
export type { JobClaims } from "../core/schedule/job-claims.js";
