/**
 * The fake Discord is only useful if the real discord.js client accepts it:
 * these tests log a client in over loopback, watch it become ready, and drop
 * the gateway socket to watch it resume.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Client, Events, GatewayIntentBits, Partials } from "discord.js";
import { createFakeDiscord, waitUntil, type FakeDiscord } from "../../support/fake-discord.js";

describe("the fake Discord", () => {
  let fake: FakeDiscord;
  let client: Client;

  beforeEach(async () => {
    // A short heartbeat so the test sees the client beat and the fake acknowledge.
    fake = await createFakeDiscord({ heartbeatIntervalMs: 250 });
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
      partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
      rest: { api: fake.apiUrl },
    });
  });

  afterEach(async () => {
    await client.destroy();
    await fake.close();
  });

  it("lets a real discord.js client log in and become ready with the guild and its channels", async () => {
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(fake.token);
    await ready;

    expect(client.user?.id).toBe(fake.bot.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.name).toBe("Paper Club");
    expect(guild?.channels.cache.get(fake.channels.forum)?.type).toBe(15);
    expect(fake.gateway.stats.identifies).toBe(1);
    expect(fake.requestsTo("GET", /^\/gateway\/bot$/)[0]?.authorization).toBe(`Bot ${fake.token}`);
    await waitUntil(() => client.ws.ping >= 0, "an acknowledged heartbeat");
    expect(fake.gateway.stats.heartbeats).toBeGreaterThan(0);
  });

  it("resumes the session after the gateway drops the socket, and replays what was missed", async () => {
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(fake.token);
    await ready;

    const seen: string[] = [];
    client.on(Events.MessageReactionAdd, (reaction) => void seen.push(reaction.message.id));
    fake.dropConnections(4000);
    const message = fake.seedMessage(fake.channels.text, "hello");
    fake.react({ person: fake.people.member, messageId: message.id, emoji: "👍" });

    await waitUntil(() => seen.includes(message.id), "the reaction dispatched while disconnected");
    expect(fake.gateway.stats.resumes).toBe(1);
    expect(fake.gateway.stats.identifies).toBe(1);
  });

  it("refuses a bad token the way Discord does, so the adapter can say which variable to fix", async () => {
    fake.fail({ method: "GET", path: /^\/gateway\/bot$/, status: 401, code: 0, message: "401: Unauthorized" });
    await expect(client.login("wrong")).rejects.toMatchObject({ code: "TokenInvalid" });
  });
});
