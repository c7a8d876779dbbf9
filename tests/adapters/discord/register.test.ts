/**
 * `npm run discord:register` over loopback: the whole /papers command is PUT
 * to the global route, or to one server's route when DISCORD_GUILD_ID is set.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerSlashCommands } from "../../../src/cli/discord-register.js";
import { createFakeDiscord, type FakeDiscord } from "../../support/fake-discord.js";

describe("registering the slash command", () => {
  let fake: FakeDiscord;
  beforeEach(async () => {
    fake = await createFakeDiscord();
  });
  afterEach(async () => {
    await fake.close();
  });

  it("puts /papers globally with the bot token", async () => {
    const result = await registerSlashCommands({
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      voteEmoji: [],
    });
    expect(result).toEqual({ scope: "global", names: ["papers"] });
    const [request] = fake.requestsTo("PUT", /commands$/);
    expect(request?.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect(request?.authorization).toBe(`Bot ${fake.token}`);
    expect((request?.body as Array<{ name: string }>)[0]?.name).toBe("papers");
  });

  it("puts /papers in one server when a guild id is configured", async () => {
    const result = await registerSlashCommands({
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      guildId: fake.guildId,
      voteEmoji: [],
    });
    expect(result.scope).toBe("guild");
    expect(fake.requestsTo("PUT", /commands$/)[0]?.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
  });

  it("says which variable to set when the application id is missing", async () => {
    await expect(registerSlashCommands({ token: fake.token, apiUrl: fake.apiUrl, voteEmoji: [] })).rejects.toThrow(
      /DISCORD_APPLICATION_ID is missing/,
    );
  });
});
