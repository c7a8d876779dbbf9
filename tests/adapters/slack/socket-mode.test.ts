/**
 * Socket Mode: with SLACK_APP_TOKEN set, the same adapter opens a WebSocket
 * (through `apps.connections.open` on SLACK_API_URL) instead of listening on a
 * port, and answers the same envelopes Slack would push down it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../../src/adapters/slack/index.js";
import { UPVOTE_ACTION } from "../../../src/adapters/slack/render.js";
import { databaseKinds } from "../../support/database.js";
import { createFakeSlack, type FakeSlack } from "../../support/fake-slack.js";
import { buttonsIn } from "../../support/slack-messages.js";
import { createSlackPayloads, type SlackPayloads } from "../../support/slack-requests.js";
import { createTestPaperboy, type TestPaperboy } from "../../support/test-app.js";

describe.each(databaseKinds())("the Slack adapter in Socket Mode on %s", (kind) => {
  let core: TestPaperboy;
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let payloads: SlackPayloads;
  let teams = 0;

  beforeAll(async () => {
    core = await createTestPaperboy({ kind });
  });

  afterAll(async () => {
    await core.close();
  });

  beforeEach(async () => {
    teams += 1;
    fake = await createFakeSlack({ teamId: `T0SOCKET${teams}` });
    adapter = createSlackAdapter(
      {
        botToken: fake.token,
        appToken: fake.appToken,
        port: 0,
        apiUrl: fake.apiUrl,
        admins: [],
        voteEmoji: ["+1", "arrow_up", "fire", "heart", "rocket"],
      },
      { paperboy: core.paperboy, log: core.log, clock: core.clock, retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } },
    );
    await adapter.start();
    await fake.socket.ready;
    payloads = createSlackPayloads({}, fake);
  });

  afterEach(async () => {
    await adapter.stop();
    await fake.close();
  });

  it("connects over the socket instead of listening on a port", () => {
    expect(adapter.mode).toBe("socket");
    expect(adapter.port).toBeUndefined();
    expect(fake.callsTo("apps.connections.open").map((call) => call.ok)).toEqual([true]);
  });

  it("acks /papers spiking on the socket and answers the asker", async () => {
    const command = payloads.command("spiking");
    const ack = await fake.socket.send("slash_commands", command);
    await adapter.settled();
    expect(ack.envelope_id).toEqual(expect.any(String));
    const [answer] = fake.responsesTo(command.response_url as string);
    expect(answer?.response_type).toBe("ephemeral");
    expect(String(answer?.text)).toMatch(/spik/i);
  });

  it("posts a digest thread and counts a reaction once, even when Slack retries it", async () => {
    await fake.socket.send("slash_commands", payloads.command("subscribe"));
    await fake.socket.send("slash_commands", payloads.command("digest"));
    await adapter.settled();
    const [root, entry] = fake.callsTo("chat.postMessage").filter((call) => call.ok);
    expect(entry?.args.thread_ts).toBe(root?.result.ts);
    const paperId = buttonsIn(entry?.args.blocks).find((b) => b.actionId === UPVOTE_ACTION)?.blockId.replace(/^paper:/, "") ?? "";

    const reaction = payloads.eventCallback(payloads.reaction("added", { reaction: "+1", ts: String(entry?.result.ts) }));
    await fake.socket.send("events_api", reaction);
    await fake.socket.send("events_api", reaction, { retryAttempt: 1, retryReason: "timeout" });
    await adapter.settled();
    expect(await core.paperboy.voteCount(paperId, { platform: "slack", workspace: fake.teamId })).toBe(1);
  });
});
