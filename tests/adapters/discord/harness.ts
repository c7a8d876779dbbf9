/**
 * One paperboy on a fresh database, a fake Discord, and the real Discord
 * adapter between them, logged in over loopback; plus the few moves the
 * tests repeat (run a slash command and wait for its answer, count votes).
 */
import { createDiscordAdapter, type DiscordAdapter } from "../../../src/adapters/discord/index.js";
import type { PaperInput } from "../../../src/core/types.js";
import {
  createFakeDiscord,
  waitUntil,
  type ApiMessage,
  type FakeDiscord,
  type FakeDiscordPerson,
  type InteractionHandle,
} from "../../support/fake-discord.js";
import { createTestPaperboy, type TestPaperboy } from "../../support/test-app.js";
import type { TestDatabaseKind } from "../../support/database.js";

export const DEFAULT_VOTE_EMOJI = ["👍", "⬆️", "🔥", "❤️", "🚀"];

export interface DiscordHarness {
  fake: FakeDiscord;
  app: TestPaperboy;
  adapter: DiscordAdapter;
  /** Runs `/papers <subcommand>` and resolves with the edited (final) answer. */
  slash(
    subcommand: string,
    options?: Record<string, string>,
    as?: { person?: FakeDiscordPerson; channel?: string },
  ): Promise<{ handle: InteractionHandle; answer: ApiMessage }>;
  votes(paperId: string): Promise<number>;
  /** Stored vote rows (one per emoji) in this guild. */
  voteRows(paperId: string): Promise<number>;
  /** What the adapter logged during this test. */
  logLines(): TestPaperboy["log"]["lines"];
  /** A fresh adapter (a restart): same database and fake Discord, empty caches. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A paperboy on a fresh database, shared by a file's tests: each test brings its own fake server (its own guild). */
export function createSuiteApp(kind: TestDatabaseKind, papers: readonly PaperInput[] | "sample" = "sample"): Promise<TestPaperboy> {
  return createTestPaperboy({ kind, papers });
}

/**
 * A fake Discord with a guild of its own and a fresh adapter in front of
 * `app`. Votes, channels and digests are kept per guild, so tests sharing
 * one database cannot see each other's.
 */
export async function startDiscordHarness(app: TestPaperboy): Promise<DiscordHarness> {
  const fake = await createFakeDiscord();
  const firstLogLine = app.log.lines.length;
  const build = () =>
    createDiscordAdapter(
      { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, voteEmoji: DEFAULT_VOTE_EMOJI },
      { paperboy: app.paperboy, log: app.log, clock: app.clock },
    );
  let adapter = build();
  await adapter.start();
  const scope = { platform: "discord" as const, workspace: fake.guildId };

  return {
    fake,
    app,
    get adapter() {
      return adapter;
    },
    async slash(subcommand, commandOptions = {}, as = {}) {
      const handle = fake.slashCommand({
        person: as.person ?? fake.people.moderator,
        subcommand,
        options: commandOptions,
        ...(as.channel ? { channel: as.channel } : {}),
      });
      const answer = await waitUntil(() => {
        const original = fake.originalResponse(handle);
        return original?.edited_timestamp ? original : undefined;
      }, `the answer to /papers ${subcommand}`);
      return { handle, answer };
    },
    votes: (paperId) => app.paperboy.voteCount(paperId, scope),
    async voteRows(paperId) {
      const rows = await app.db
        .selectFrom("votes")
        .select("user_id")
        .where("paper_id", "=", paperId)
        .where("platform", "=", "discord")
        .where("workspace", "=", fake.guildId)
        .execute();
      return rows.length;
    },
    logLines: () => app.log.lines.slice(firstLogLine),
    async restart() {
      await adapter.stop();
      adapter = build();
      await adapter.start();
    },
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

export { waitUntil };
