import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every database suite creates its own schema, so files can run in parallel;
    // two workers match the two cores CI has.
    maxWorkers: 2,
    // CI's log names every test, so it shows each database suite running on PGlite and on PostgreSQL.
    reporters: process.env.CI ? ["verbose"] : ["default"],
  },
});
