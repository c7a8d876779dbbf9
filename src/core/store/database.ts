/**
 * Opens the system of record: a PostgreSQL server through `pg` when a URL is
 * given, otherwise PGlite (the same Postgres, compiled to WASM) persisted in a
 * data folder. Callers get the same Kysely either way.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
  const onDisk = !dataDir.includes("://");
  // initdb wants an empty folder, so a new one is locked right after PGlite has created its cluster.
  const fresh = onDisk && !existsSync(join(dataDir, "PG_VERSION"));
  let unlock = () => {};
  if (onDisk) mkdirSync(dataDir, { recursive: true });
  if (onDisk && !fresh) unlock = lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(dataDir, { parsers: { 20: (value: string) => Number.parseInt(value, 10) } });
    if (fresh) {
      try {
        unlock = lockDataDir(dataDir);
      } catch (error) {
        await pglite.close().catch(() => {});
        throw error;
      }
    }
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    if (schema) {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
      await sql`set search_path to ${sql.id(schema)}`.execute(db);
    }
    return {
      db,
      kind: "pglite",
      schema,
      close: async () => {
        try {
          await db.destroy();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * PGlite keeps no lock of its own: two processes on one data folder (the bot and `npm run ingest`)
 * each write their own copy of the pages back and silently lose the other's writes. A lock file
 * with the holder's pid keeps the second one out; a lock whose process is gone is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, "paperboy.lock");
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx" });
      let held = true;
      return () => {
        if (held) rmSync(path, { force: true });
        held = false;
      };
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readLock(path), 10);
      if (Number.isInteger(holder) && holder > 0 && processIsAlive(holder)) {
        throw new Error(
          `the embedded database in ${dataDir} is in use by another paperboy process (pid ${holder}): stop it first, ` +
            `or set DATABASE_URL so several processes share one PostgreSQL server (if no paperboy is running, delete ${path})`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock the embedded database in ${dataDir} (${path})`);
}

function readLock(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === "EPERM";
  }
}
