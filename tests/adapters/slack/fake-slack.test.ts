/**
 * The Slack test doubles against a bare Bolt App: if these fail, every Slack
 * adapter test would fail for reasons that have nothing to do with paperboy.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { App, LogLevel } from "@slack/bolt";
import { createFakeSlack, type FakeSlack } from "../../support/fake-slack.js";
import { createSlackSender, type SlackSender } from "../../support/slack-requests.js";

const signingSecret = "fake-signing-secret";

describe("the fake Slack and the request signer, driven by a real Bolt App", () => {
  let fake: FakeSlack;
  let app: App;
  let server: Server;
  let slack: SlackSender;
  const commands: string[] = [];

  beforeEach(async () => {
    commands.length = 0;
    fake = await createFakeSlack();
    app = new App({
      token: fake.token,
      signingSecret,
      logLevel: LogLevel.ERROR,
      deferInitialization: true,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command("/papers", async ({ ack, command, respond }) => {
      await ack();
      commands.push(command.text);
      await respond({ response_type: "ephemeral", text: `you asked for ${command.text}` });
    });
    await app.init();
    server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
    const { port } = server.address() as AddressInfo;
    slack = createSlackSender({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret, fake });
  });

  afterEach(async () => {
    await app.stop();
    await fake.close();
  });

  it("answers auth.test with the bot's identity when Bolt initialises", () => {
    expect(fake.callsTo("auth.test")).toHaveLength(1);
    expect(fake.callsTo("auth.test")[0]?.result).toMatchObject({ ok: true, user_id: fake.botUserId, bot_id: fake.botId });
  });

  it("delivers a signed slash command and records what respond() posts", async () => {
    const receipt = await slack.command("spiking");
    expect(receipt.status).toBe(200);
    await expect.poll(() => fake.responsesTo(receipt.responseUrl)).toEqual([
      { response_type: "ephemeral", text: "you asked for spiking" },
    ]);
  });

  it.each(["bad", "missing", "stale"] as const)("rejects a %s signature with 401 before any listener runs", async (signature) => {
    const receipt = await slack.command("spiking", {}, { signature });
    expect(receipt.status).toBe(401);
    expect(commands).toEqual([]);
  });

  it("records Web API calls with their parsed arguments and scripts a 429", async () => {
    fake.rateLimit({ method: "chat.postMessage", retryAfter: 1 });
    await expect(
      app.client.chat.postMessage({ channel: "C1", text: "hello", blocks: [{ type: "section", text: { type: "mrkdwn", text: "hi" } }] }),
    ).rejects.toThrow(/rate limit/i);
    const posted = await app.client.chat.postMessage({ channel: "C1", text: "hello" });
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.callsTo("chat.postMessage").map((call) => call.status)).toEqual([429, 200]);
    expect(fake.callsTo("chat.postMessage")[0]?.args.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text: "hi" } }]);
  });
});
