/**
 * Brings the schema up to date with the numbered, forward-only migrations in
 * `migrations/`. Runs at every start and from `npm run migrate`; kysely's lock
 * in the database keeps two processes from migrating at once.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import { MIGRATIONS } from "../../../migrations/index.js";
import type { Database } from "./schema.js";

export interface MigrationOutcome {
  applied: string[];
}

const provider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => MIGRATIONS,
};

/**
 * `schema` names where kysely keeps its own bookkeeping tables; without it,
 * kysely would take a bookkeeping table in another schema of the same
 * database for its own.
 */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${cause}`.trim(), { cause: error });
  }
  return { applied: (results ?? []).filter((result) => result.status === "Success").map((result) => result.migrationName) };
}
