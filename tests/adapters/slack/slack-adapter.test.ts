/**
 * The Slack adapter end to end: a real Bolt App listening on 127.0.0.1,
 * signed requests shaped like Slack's, a fake Web API and response_url, and a
 * real paperboy core on each database kind. Assertions are what a person in
 * Slack would see: the answer to `/papers`, the digest thread, vote counts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../../src/adapters/slack/index.js";
import { SHARE_ACTION, UPVOTE_ACTION, encodeActionValue } from "../../../src/adapters/slack/render.js";
import type { SlackConfig } from "../../../src/config.js";
import type { PaperInput } from "../../../src/core/types.js";
import { databaseKinds } from "../../support/database.js";
import { createFakeSlack, type FakeSlack, type FakeSlackCall } from "../../support/fake-slack.js";
import { LIVE_MENTION, buttonsIn, displayedText } from "../../support/slack-messages.js";
import { createSlackSender, type SlackSender } from "../../support/slack-requests.js";
import { createTestPaperboy, type TestPaperboy } from "../../support/test-app.js";

const signingSecret = "test-signing-secret";
const CHANNEL = "C0PAPERS";
const HOSTILE_ID = "2411.99999";
const hostilePaper: PaperInput = {
  id: HOSTILE_ID,
  title: "<!channel> hi <@U123> & <!here>",
  abstract: "Spiking quokkanets <!everyone> see <#C0SECRET> and <https://evil.example|this>.",
  authors: ["<@U999>", "Eve <!subteam^S1>"],
  url: "https://example.org/x|<!channel>",
  source: "file",
};

/** Fast retries for tests, but at least one, so a 429 is still retried after its Retry-After. */
const TEST_RETRY = { retries: 2, minTimeout: 0, maxTimeout: 0 };

function slackConfig(fake: FakeSlack, overrides: Partial<SlackConfig> = {}): SlackConfig {
  return {
    botToken: fake.token,
    signingSecret,
    port: 0,
    apiUrl: fake.apiUrl,
    admins: [],
    voteEmoji: ["+1", "arrow_up", "fire", "heart", "rocket"],
    ...overrides,
  };
}

const posts = (fake: FakeSlack): FakeSlackCall[] => fake.callsTo("chat.postMessage").filter((call) => call.ok);
const paperIdOf = (call: FakeSlackCall): string | undefined =>
  buttonsIn(call.args.blocks).find((button) => button.actionId === UPVOTE_ACTION)?.blockId.replace(/^paper:/, "");
const sectionText = (blocks: unknown, paperId: string): string => {
  const list = blocks as Array<{ type: string; block_id?: string; text?: { text: string } }>;
  const at = list.findIndex((block) => block.block_id === `paper:${paperId}`);
  return list[at - 1]?.text?.text ?? "";
};

describe.each(databaseKinds())("the Slack adapter on %s", (kind) => {
  let fake: FakeSlack;
  let core: TestPaperboy;
  let adapter: SlackAdapter;
  let slack: SlackSender;
  /** Each test is its own workspace, so votes, channels and digests never meet across tests sharing the core. */
  let team = "";
  let teams = 0;

  async function startAdapter(overrides: Partial<SlackConfig> = {}): Promise<void> {
    adapter = createSlackAdapter(slackConfig(fake, overrides), {
      paperboy: core.paperboy,
      log: core.log,
      clock: core.clock,
      retryConfig: TEST_RETRY,
      host: "127.0.0.1",
    });
    await adapter.start();
    slack = createSlackSender({
      url: `http://127.0.0.1:${adapter.port}/slack/events`,
      signingSecret,
      fake,
      defaults: { teamId: team },
    });
  }

  /** Sends `/papers <text>` and waits until the answer reached the response_url. */
  async function papers(text: string, at: { user?: string; channel?: string } = {}) {
    const receipt = await slack.command(text, at);
    await adapter.settled();
    const answers = fake.responsesTo(receipt.responseUrl);
    return { ...receipt, answers, answer: answers[0] ?? {} };
  }

  /** Subscribes the channel and posts today's digest; answers the thread as the fake recorded it. */
  async function postDigest() {
    await papers("subscribe");
    const before = posts(fake).length;
    const digest = await papers("digest");
    const thread = posts(fake).slice(before);
    const [root, ...entries] = thread;
    return { digest, root: root as FakeSlackCall, entries };
  }

  const votes = (paperId: string) => core.paperboy.voteCount(paperId, { platform: "slack", workspace: team });
  const channelSettings = () => core.paperboy.getChannel({ platform: "slack", workspace: team, channel: CHANNEL });

  beforeAll(async () => {
    core = await createTestPaperboy({ kind, extraPapers: [hostilePaper] });
  });

  afterAll(async () => {
    await core.close();
  });

  beforeEach(async () => {
    teams += 1;
    team = `T0TEST${teams}`;
    fake = await createFakeSlack({ teamId: team });
    await startAdapter();
  });

  afterEach(async () => {
    await adapter.stop();
    await fake.close();
  });

  describe("/papers", () => {
    it("acknowledges at once and answers the asker with spiking papers, each with Upvote and Share buttons", async () => {
      const { status, answers, answer } = await papers("spiking");
      expect(status).toBe(200);
      expect(answers).toHaveLength(1);
      expect(answer.response_type).toBe("ephemeral");
      const buttons = buttonsIn(answer.blocks);
      const upvotes = buttons.filter((button) => button.actionId === UPVOTE_ACTION);
      const titles = upvotes.map((button) => sectionText(answer.blocks, button.blockId.replace(/^paper:/, "")).split("\n")[0]);
      expect(titles.length).toBeGreaterThan(0);
      expect(titles.every((title) => /^\*.*spik.*\*$/i.test(title ?? ""))).toBe(true);
      expect(buttons.filter((button) => button.actionId === SHARE_ACTION)).toHaveLength(titles.length);
      expect(String(answer.text)).toMatch(/spik/i);
    });

    it("answers a mistake with what was wrong and an example", async () => {
      const { answer } = await papers("subscribe time 25:99");
      expect(String(answer.text)).toMatch(/:warning:/);
      expect(fake.callsTo("chat.postMessage")).toEqual([]);
    });

    it("refuses channel settings to people who are not admins, politely, and changes nothing", async () => {
      await adapter.stop();
      await startAdapter({ admins: ["U0ADMIN"] });
      const refused = await papers("subscribe", { user: "U0ALICE" });
      expect(String(refused.answer.text)).toMatch(/:warning:/);
      expect(await channelSettings()).toBeUndefined();
      const allowed = await papers("subscribe", { user: "U0ADMIN" });
      expect(String(allowed.answer.text)).not.toMatch(/:warning:/);
      expect(await channelSettings()).toBeDefined();
    });
  });

  describe("the digest thread", () => {
    it("opens with a root message and posts one threaded reply per paper in that channel", async () => {
      const { root, entries, digest } = await postDigest();
      expect(root.args.channel).toBe(CHANNEL);
      expect(root.args.thread_ts).toBeUndefined();
      expect(displayedText(root.args.blocks).join("\n")).toMatch(/^Trending papers, \w{3} \d{1,2} \w{3}/);
      expect(displayedText(root.args.blocks).join("\n")).toContain("React with :+1:");
      expect(entries).toHaveLength(core.config.digest.defaultSize);
      for (const entry of entries) {
        expect(entry.args.channel).toBe(CHANNEL);
        expect(entry.args.thread_ts).toBe(root.result.ts);
      }
      expect(new Set(entries.map(paperIdOf)).size).toBe(entries.length);
      expect(String(digest.answer.text)).not.toMatch(/:warning:/);

      const again = await papers("digest");
      const link = `<https://${fake.teamDomain}.slack.com/archives/${CHANNEL}/p${String(root.result.ts).replace(".", "")}>`;
      expect(displayedText(again.answer.blocks).join("\n")).toContain(link);
      expect(posts(fake)).toHaveLength(1 + entries.length);
    });

    it("finishes the thread once when Slack rate-limits a reply, each paper posted exactly once", async () => {
      fake.rateLimit({ method: "chat.postMessage", when: (args) => args.thread_ts !== undefined, nth: 2, retryAfter: 1 });
      const { entries } = await postDigest();
      expect(fake.callsTo("chat.postMessage").filter((call) => call.status === 429)).toHaveLength(1);
      expect(entries).toHaveLength(core.config.digest.defaultSize);
      expect(new Set(entries.map(paperIdOf)).size).toBe(entries.length);
      const again = await papers("digest");
      expect(String(again.answer.text)).not.toMatch(/:warning:/);
      expect(posts(fake)).toHaveLength(1 + core.config.digest.defaultSize);
    });
  });

  describe("votes by reaction", () => {
    it("counts a vote emoji on a paper reply once, ignores the retry, and takes it back when removed", async () => {
      const { entries } = await postDigest();
      const entry = entries[0] as FakeSlackCall;
      const paperId = paperIdOf(entry) as string;
      const ts = String(entry.result.ts);

      const added = await slack.reaction("added", { user: "U0ALICE", reaction: "+1", ts });
      await adapter.settled();
      expect(added.status).toBe(200);
      expect(await votes(paperId)).toBe(1);

      await slack.event(added.event, { retryNum: 1, retryReason: "http_timeout" });
      await adapter.settled();
      expect(await votes(paperId)).toBe(1);

      await slack.reaction("removed", { user: "U0ALICE", reaction: "+1", ts });
      await adapter.settled();
      expect(await votes(paperId)).toBe(0);
    });

    it("counts two people as two votes and shows the count on the message", async () => {
      const { entries } = await postDigest();
      const entry = entries[1] as FakeSlackCall;
      const paperId = paperIdOf(entry) as string;
      const ts = String(entry.result.ts);
      await slack.reaction("added", { user: "U0ALICE", reaction: "+1::skin-tone-3", ts });
      await slack.reaction("added", { user: "U0BOB", reaction: "rocket", ts });
      await adapter.settled();
      expect(await votes(paperId)).toBe(2);
      const shown = fake.messages(CHANNEL).find((message) => message.ts === ts);
      expect(sectionText(shown?.blocks, paperId)).toContain("2 votes");
    });

    it("ignores other emoji, the bot's own reactions and messages that are not papers", async () => {
      const { root, entries } = await postDigest();
      const entry = entries[0] as FakeSlackCall;
      const paperId = paperIdOf(entry) as string;
      const ts = String(entry.result.ts);
      await slack.reaction("added", { user: "U0ALICE", reaction: "eyes", ts });
      await slack.reaction("added", { user: fake.botUserId, reaction: "+1", ts });
      await slack.reaction("added", { user: "U0ALICE", reaction: "+1", ts: String(root.result.ts) });
      await slack.reaction("added", { user: "U0ALICE", reaction: "+1", ts: "1111111111.000001" });
      await adapter.settled();
      expect(await votes(paperId)).toBe(0);
      expect(fake.callsTo("chat.update")).toEqual([]);
    });
  });

  describe("the Upvote button", () => {
    it("on a digest reply: counts once per person and updates the count it shows", async () => {
      const { entries } = await postDigest();
      const entry = entries[0] as FakeSlackCall;
      const paperId = paperIdOf(entry) as string;
      const ts = String(entry.result.ts);
      const upvote = buttonsIn(entry.args.blocks).find((button) => button.actionId === UPVOTE_ACTION);
      const click = (user: string) =>
        slack.blockAction({
          user,
          actionId: UPVOTE_ACTION,
          value: upvote?.value ?? "",
          blockId: upvote?.blockId,
          message: { ts, threadTs: String(entry.args.thread_ts), blocks: entry.args.blocks as unknown[] },
        });

      expect((await click("U0ALICE")).status).toBe(200);
      await adapter.settled();
      expect(await votes(paperId)).toBe(1);
      expect(sectionText(fake.messages(CHANNEL).find((m) => m.ts === ts)?.blocks, paperId)).toContain("1 vote");

      const twice = await click("U0ALICE");
      await adapter.settled();
      expect(await votes(paperId)).toBe(1);
      expect(fake.responsesTo(twice.responseUrl)).toEqual([
        { response_type: "ephemeral", replace_original: false, text: "You have already upvoted this paper." },
      ]);

      await click("U0BOB");
      await adapter.settled();
      expect(await votes(paperId)).toBe(2);
      expect(sectionText(fake.messages(CHANNEL).find((m) => m.ts === ts)?.blocks, paperId)).toContain("2 votes");
    });

    it("in an answer only the asker sees: records the vote and redraws the answer with the new count", async () => {
      const { answer } = await papers("spiking");
      const upvote = buttonsIn(answer.blocks).find((button) => button.actionId === UPVOTE_ACTION);
      const paperId = upvote?.blockId.replace(/^paper:/, "") as string;
      const clicked = await slack.blockAction({ actionId: UPVOTE_ACTION, value: upvote?.value ?? "", blockId: upvote?.blockId });
      await adapter.settled();
      expect(await votes(paperId)).toBe(1);
      const [redrawn] = fake.responsesTo(clicked.responseUrl);
      expect(redrawn?.replace_original).toBe(true);
      expect(sectionText(redrawn?.blocks, paperId)).toContain("1 vote");
    });
  });

  describe("the Share button", () => {
    it("posts the paper in the channel, where reactions on it count as votes", async () => {
      const { answer } = await papers("spiking");
      const share = buttonsIn(answer.blocks).find((button) => button.actionId === SHARE_ACTION);
      const paperId = share?.blockId.replace(/^paper:/, "") as string;
      const clicked = await slack.blockAction({ actionId: SHARE_ACTION, value: share?.value ?? "", text: "Share in channel" });
      await adapter.settled();
      const [shared] = posts(fake);
      expect(shared?.args.channel).toBe(CHANNEL);
      expect(paperIdOf(shared as FakeSlackCall)).toBe(paperId);
      expect(fake.responsesTo(clicked.responseUrl)[0]?.text).toMatch(/Shared in the channel/);

      await slack.reaction("added", { user: "U0BOB", reaction: "fire", ts: String(shared?.result.ts) });
      await adapter.settled();
      expect(await votes(paperId)).toBe(1);
    });

    it("asks to be invited when it is not in the channel", async () => {
      fake.channelsWithoutBot.add(CHANNEL);
      const { answer } = await papers("spiking");
      const share = buttonsIn(answer.blocks).find((button) => button.actionId === SHARE_ACTION);
      const clicked = await slack.blockAction({ actionId: SHARE_ACTION, value: share?.value ?? "" });
      await adapter.settled();
      expect(fake.responsesTo(clicked.responseUrl)[0]?.text).toMatch(/invite me/);
    });

    it("asks to be invited when a digest is posted where it is not, and posts it once invited", async () => {
      fake.channelsWithoutBot.add(CHANNEL);
      const refused = await papers("digest");
      expect(displayedText(refused.answer.blocks).join("\n")).toMatch(/\/invite @paperboy/);
      expect(posts(fake)).toHaveLength(0);

      fake.channelsWithoutBot.delete(CHANNEL);
      const posted = await papers("digest");
      expect(String(posted.answer.text)).not.toMatch(/:warning:/);
      expect(posts(fake)).toHaveLength(1 + core.config.digest.defaultSize);
    });
  });

  describe("request signatures", () => {
    it.each(["bad", "missing", "stale"] as const)("rejects a %s signature with 401 and changes nothing", async (signature) => {
      const { entries } = await postDigest();
      const entry = entries[0] as FakeSlackCall;
      const paperId = paperIdOf(entry) as string;
      const callsBefore = fake.calls.length;

      const command = await slack.command("unsubscribe", {}, { signature });
      const reaction = await slack.reaction("added", { reaction: "+1", ts: String(entry.result.ts) }, { signature });
      const upvote = buttonsIn(entry.args.blocks).find((button) => button.actionId === UPVOTE_ACTION);
      const click = await slack.blockAction({ actionId: UPVOTE_ACTION, value: upvote?.value ?? "" }, { signature });
      await adapter.settled();

      expect([command.status, reaction.status, click.status]).toEqual([401, 401, 401]);
      expect(fake.responsesTo(command.responseUrl)).toEqual([]);
      expect(fake.responsesTo(click.responseUrl)).toEqual([]);
      expect(fake.calls.length).toBe(callsBefore);
      expect(await votes(paperId)).toBe(0);
      expect(await channelSettings()).toBeDefined();
    });
  });

  describe("hostile text from a paper", () => {
    it("renders a title full of mentions without a single live <!channel>, <!here> or <@U…>, in answers, shares and digests", async () => {
      const show = await papers(`show ${HOSTILE_ID}`);
      const share = buttonsIn(show.answer.blocks).find((button) => button.actionId === SHARE_ACTION);
      await slack.blockAction({ actionId: SHARE_ACTION, value: share?.value ?? "" });
      await adapter.settled();
      const shared = posts(fake).at(-1);

      await papers("subscribe topics quokkanets");
      const { root, entries } = await postDigest();
      expect(entries.map(paperIdOf)).toEqual([HOSTILE_ID]);

      const seen = [show.answer, shared?.args, root.args, ...entries.map((entry) => entry.args)].flatMap(displayedText);
      expect(seen.join("\n")).toContain("&lt;!channel&gt; hi &lt;@U123&gt; &amp; &lt;!here&gt;");
      for (const text of seen) expect(text).not.toMatch(LIVE_MENTION);
    });
  });

  describe("start", () => {
    it("names the variable to fix when the port is taken", async () => {
      const second = createSlackAdapter(slackConfig(fake, { port: adapter.port as number }), {
        paperboy: core.paperboy,
        log: core.log,
        clock: core.clock,
        retryConfig: TEST_RETRY,
        host: "127.0.0.1",
      });
      await expect(second.start()).rejects.toThrow(`PORT ${adapter.port} is already in use: set PORT to a free port`);
      await second.stop();
    });

    it("names the variable to fix when Slack refuses the bot token", async () => {
      const refusing = createSlackAdapter(slackConfig(fake, { botToken: "xoxb-revoked" }), {
        paperboy: core.paperboy,
        log: core.log,
        clock: core.clock,
        retryConfig: TEST_RETRY,
        host: "127.0.0.1",
      });
      await expect(refusing.start()).rejects.toThrow(/^Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
      await refusing.stop();
    });
  });

  describe("failures", () => {
    it("logs a failing listener once and tells the user one calm line, and the app keeps serving", async () => {
      // A core of its own whose database goes away under the adapter: a real failure, nothing mocked.
      const broken = await createTestPaperboy({ kind, papers: "none" });
      await adapter.stop();
      adapter = createSlackAdapter(slackConfig(fake), {
        paperboy: broken.paperboy,
        log: broken.log,
        clock: broken.clock,
        retryConfig: TEST_RETRY,
        host: "127.0.0.1",
      });
      await adapter.start();
      slack = createSlackSender({ url: `http://127.0.0.1:${adapter.port}/slack/events`, signingSecret, fake });
      await broken.close();

      const clicked = await slack.blockAction({ actionId: UPVOTE_ACTION, value: encodeActionValue({ paper: "2401.00001" }) });
      await adapter.settled();
      expect(clicked.status).toBe(200);
      expect(fake.responsesTo(clicked.responseUrl)).toEqual([
        {
          response_type: "ephemeral",
          replace_original: false,
          text: "Sorry, something went wrong on my side. Please try again in a minute.",
        },
      ]);
      const errors = broken.log.lines.filter((line) => line.level === "error");
      expect(errors.map((line) => line.message)).toEqual(["slack: upvote button failed"]);
      expect(errors[0]?.fields?.error).toEqual(expect.any(String));

      const stillServing = await slack.command("help");
      await adapter.settled();
      expect(stillServing.status).toBe(200);
      expect(fake.responsesTo(stillServing.responseUrl)).toHaveLength(1);
    });
  });
});
