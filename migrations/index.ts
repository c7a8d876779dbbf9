/**
 * Every migration, in order. Listed by hand (not read from the folder at run
 * time) so they load the same under tsx, vitest and any bundler: a new
 * migration file is added here too.
 */
import type { Migration } from "kysely";
import * as initial from "./2026-11-27-01-initial.js";
import * as jobClaims from "./2026-11-27-03-job-claims.js";
import * as digestFailures from "./2026-11-27-04-digest-failures.js";

export const MIGRATIONS: Record<string, Migration> = {
  "2026-11-27-01-initial": initial,
  "2026-11-27-03-job-claims": jobClaims,
  "2026-11-27-04-digest-failures": digestFailures,
};
