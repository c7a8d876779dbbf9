/**
 * Brings the schema up to date with the numbered, forward-only migrations in
 * `migrations/`. Runs at every start and from `npm run migrate`; a lock in the
 * database keeps two processes from migrating at once.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, type Kysely, Migrator } from "kysely";
import type { Database } from "./schema.js";

const MIGRATIONS_DIR = fileURLToPath(new URL("../../../migrations", import.meta.url));

export interface MigrationOutcome {
  applied: string[];
}

/**
 * `schema` names where kysely keeps its own bookkeeping tables; without it,
 * kysely would take a bookkeeping table in another schema of the same
 * database for its own.
 */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${cause}`.trim(), { cause: error });
  }
  return { applied: (results ?? []).map((result) => result.migrationName) };
}
