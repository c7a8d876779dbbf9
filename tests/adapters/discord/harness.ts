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
  voteRows(paperId: string): Promise<number>;
  /** A fresh adapter (a restart): same database and fake Discord, empty caches. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startDiscordHarness(options: {
  kind: TestDatabaseKind;
  papers?: readonly PaperInput[] | "sample";
}): Promise<DiscordHarness> {
  const fake = await createFakeDiscord();
  const app = await createTestPaperboy({ kind: options.kind, papers: options.papers ?? "sample" });
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
      const rows = await app.db.selectFrom("votes").select("user_id").where("paper_id", "=", paperId).execute();
      return rows.length;
    },
    async restart() {
      await adapter.stop();
      adapter = build();
      await adapter.start();
    },
    async close() {
      await adapter.stop();
      await fake.close();
      await app.close();
    },
  };
}

export { waitUntil };
