/**
 * The claim that keeps a scheduled job to one process: the first insert of
 * (job, slot) wins, every later or concurrent one loses, and a new slot is a
 * new race.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobClaims, type JobClaims, minuteSlot } from "../../../src/core/schedule/job-claims.js";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../../support/database.js";

describe("minuteSlot", () => {
  it("names the UTC minute, so processes whose cron fired a few seconds apart agree", () => {
    expect(minuteSlot(new Date("2026-11-27T10:05:00.000Z"))).toBe("2026-11-27T10:05Z");
    expect(minuteSlot(new Date("2026-11-27T10:05:59.999Z"))).toBe("2026-11-27T10:05Z");
  });
});

for (const kind of databaseKinds()) {
  describe(`job claims (${kind})`, { timeout: 120_000 }, () => {
    let database: TestDatabase;
    let claims: JobClaims;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
      claims = createJobClaims(database.db);
    });
    afterAll(async () => {
      await database.close();
    });

    const now = new Date("2026-11-27T10:05:00Z");

    it("gives a slot to the first process that claims it and to no one after", async () => {
      expect(await claims.claim("ingest", "2026-11-27T10:05Z", "first", now)).toBe(true);
      expect(await claims.claim("ingest", "2026-11-27T10:05Z", "second", now)).toBe(false);
      expect(await claims.claim("ingest", "2026-11-27T10:05Z", "first", now)).toBe(false);
    });

    it("treats the next slot and other jobs as new races", async () => {
      expect(await claims.claim("ingest", "2026-11-27T11:05Z", "second", now)).toBe(true);
      expect(await claims.claim("cleanup", "2026-11-27T10:05Z", "second", now)).toBe(true);
    });

    it("lets exactly one of ten concurrent claims win", async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => claims.claim("ingest", "2026-11-27T12:05Z", `process-${i}`, now)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("forgets claims older than two weeks as new ones arrive", async () => {
      const old = new Date("2026-10-01T10:05:00Z");
      expect(await claims.claim("ingest", "2026-10-01T10:05Z", "first", old)).toBe(true);
      expect(await claims.claim("ingest", "2026-11-27T13:05Z", "first", now)).toBe(true);
      // The October row was pruned, so its slot could be claimed again (no process ever would).
      expect(await claims.claim("ingest", "2026-10-01T10:05Z", "second", now)).toBe(true);
    });
  });
}
