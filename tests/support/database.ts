/**
 * Test databases: every suite gets a fresh schema of its own, on PGlite always
 * and on the real PostgreSQL server when TEST_DATABASE_URL is set (CI sets
 * it), so files run in parallel without colliding and each suite runs on both.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { type OpenDatabase, openDatabase } from "../../src/core/store/database.js";
import { migrateToLatest } from "../../src/core/store/migrate.js";

export type TestDatabaseKind = "pglite" | "postgres";

export function databaseKinds(): TestDatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDatabase extends OpenDatabase {
  schema: string;
}

export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const schema = `test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = kind === "postgres" ? process.env.TEST_DATABASE_URL : undefined;
  if (kind === "postgres" && !url) throw new Error("TEST_DATABASE_URL is not set");
  const opened = await openDatabase({ url, dataDir: "memory://", schema, poolSize: 8 });
  await migrateToLatest(opened.db, schema);
  return {
    ...opened,
    schema,
    async close() {
      if (opened.kind === "postgres") await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(opened.db);
      await opened.close();
    },
  };
}
