/**
 * Opens the system of record: a PostgreSQL server through `pg` when a URL is
 * given, otherwise PGlite (the same Postgres, compiled to WASM) persisted in a
 * data folder. Callers get the same Kysely either way.
 */
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { PGliteDialect } from "./pglite-dialect.js";
import type { Database } from "./schema.js";

export type DatabaseKind = "postgres" | "pglite";

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** The schema everything lives in, when one was asked for. */
  schema: string | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A `postgres://` URL; without one, the embedded database is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; `memory://` keeps nothing. */
  dataDir?: string | undefined;
  /** Postgres schema to work in (tests give each suite its own). */
  schema?: string | undefined;
  poolSize?: number | undefined;
}

// Postgres `bigint` (count(*)) arrives as a string by default; counts here fit in a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid schema name "${schema}"`);
  }
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client losing its server must not become an uncaught 'error' event that kills the process.
    pool.on("error", () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    return { db, kind: "postgres", schema, close: () => db.destroy() };
  }

  const dataDir = options.dataDir ?? "memory://";
  if (!dataDir.includes("://")) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, { parsers: { 20: (value: string) => Number.parseInt(value, 10) } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  if (schema) {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    await sql`set search_path to ${sql.id(schema)}`.execute(db);
  }
  return { db, kind: "pglite", schema, close: () => db.destroy() };
}
