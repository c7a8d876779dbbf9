/**
 * Votes as the team casts them: one per person per paper however many vote
 * emoji they add, gone with their last one, safe to retry, counted within
 * one team only, and moving what trends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Platform, VoteInput } from "../../src/core/types.js";
import { databaseKinds } from "../support/database.js";
import { type TestPaperboy, createTestClock, createTestPaperboy } from "../support/test-app.js";

const HOUR = 3_600_000;
const start = new Date("2026-11-27T10:00:00Z");
const hoursBefore = (hours: number) => new Date(start.getTime() - hours * HOUR);
const ids = ["2411.10001", "2411.10002", "2411.10003", "2411.10004", "2411.10005", "2411.10006"];

describe.each(databaseKinds())("votes (%s)", (kind) => {
  let app: TestPaperboy;

  beforeAll(async () => {
    app = await createTestPaperboy({
      kind,
      clock: createTestClock(start),
      papers: ids.map((id, i) => ({
        id,
        title: `Vote test paper ${i + 1}`,
        abstract: "A paper for counting votes.",
        // Newest first: 10001 is one hour old, 10006 six hours old.
        publishedAt: hoursBefore(i + 1),
        source: "arxiv" as const,
      })),
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const vote = (paperId: string, user: string, workspace: string, emoji = "+1", platform: Platform = "slack"): VoteInput => ({
    platform,
    workspace,
    user,
    paperId,
    emoji,
  });
  const count = (paperId: string, workspace: string, platform: Platform = "slack") => app.paperboy.voteCount(paperId, { platform, workspace });

  it("counts one vote per person however many vote emoji they add, until the last one goes", async () => {
    const paper = ids[0] as string;
    expect(await app.paperboy.vote(vote(paper, "U1", "T-emoji", "+1"))).toEqual({ paperId: paper, votes: 1, changed: true });
    expect((await app.paperboy.vote(vote(paper, "U1", "T-emoji", "fire"))).votes).toBe(1);
    expect(await count(paper, "T-emoji")).toBe(1);

    expect((await app.paperboy.unvote(vote(paper, "U1", "T-emoji", "+1"))).votes).toBe(1);
    expect(await count(paper, "T-emoji")).toBe(1);
    expect(await app.paperboy.unvote(vote(paper, "U1", "T-emoji", "fire"))).toEqual({ paperId: paper, votes: 0, changed: true });
    expect(await count(paper, "T-emoji")).toBe(0);
  });

  it("takes a retried vote as no change", async () => {
    const paper = ids[1] as string;
    expect((await app.paperboy.vote(vote(paper, "U1", "T-retry"))).changed).toBe(true);
    expect(await app.paperboy.vote(vote(paper, "U1", "T-retry"))).toEqual({ paperId: paper, votes: 1, changed: false });
    expect(await count(paper, "T-retry")).toBe(1);
    // Taking back a vote that is not there changes nothing either.
    expect(await app.paperboy.unvote(vote(paper, "U2", "T-retry"))).toEqual({ paperId: paper, votes: 1, changed: false });
  });

  it("counts two people as two votes", async () => {
    const paper = ids[2] as string;
    await app.paperboy.vote(vote(paper, "U1", "T-two"));
    expect((await app.paperboy.vote(vote(paper, "U2", "T-two", "rocket"))).votes).toBe(2);
    expect(await count(paper, "T-two")).toBe(2);
  });

  it("keeps each team's votes to itself", async () => {
    const paper = ids[3] as string;
    await app.paperboy.vote(vote(paper, "U1", "T-team-A"));
    await app.paperboy.vote(vote(paper, "U2", "T-team-A"));
    expect(await count(paper, "T-team-A")).toBe(2);
    expect(await count(paper, "T-team-B")).toBe(0);
    // The same workspace id on another platform is another team.
    expect(await count(paper, "T-team-A", "discord")).toBe(0);
    expect((await app.paperboy.getPaper(paper, { platform: "slack", workspace: "T-team-B" }))?.votes).toBe(0);
    expect((await app.paperboy.getPaper(paper, { platform: "slack", workspace: "T-team-A" }))?.votes).toBe(2);
    expect((await app.paperboy.vote(vote(paper, "U1", "T-team-A", "👍", "discord"))).votes).toBe(1);
    expect(await count(paper, "T-team-A")).toBe(2);
  });

  it("ignores a vote for a paper it does not have, without throwing", async () => {
    await expect(app.paperboy.vote(vote("2411.99999", "U1", "T-unknown"))).resolves.toEqual({ paperId: "2411.99999", votes: 0, changed: false });
    await expect(app.paperboy.unvote(vote("2411.99999", "U1", "T-unknown"))).resolves.toMatchObject({ votes: 0, changed: false });
    expect(await count("2411.99999", "T-unknown")).toBe(0);
    // The store is still fine afterwards.
    expect((await app.paperboy.vote(vote(ids[0] as string, "U1", "T-unknown"))).changed).toBe(true);
  });

  it("moves what is on top", async () => {
    const scope = { platform: "slack" as const, workspace: "T-top" };
    const order = async () => (await app.paperboy.topPapers("week", scope, 50)).map((view) => view.paper.id).filter((id) => ids.includes(id));
    // Nobody voted in this team yet: newest first.
    expect(await order()).toEqual(ids);

    // One vote on the six-hour-old paper: 1 / 8^1.8 beats the unvoted ones (score 0).
    await app.paperboy.vote(vote(ids[5] as string, "U1", "T-top"));
    expect((await order())[0]).toBe(ids[5]);

    // Two votes on the three-hour-old paper: 2 / 5^1.8 = 0.1103 > 1 / 8^1.8 = 0.0237.
    await app.paperboy.vote(vote(ids[2] as string, "U1", "T-top"));
    await app.paperboy.vote(vote(ids[2] as string, "U2", "T-top"));
    const top = await app.paperboy.topPapers("week", scope, 50);
    expect(top.filter((view) => ids.includes(view.paper.id)).slice(0, 3).map((view) => [view.paper.id, view.votes])).toEqual([
      [ids[2], 2],
      [ids[5], 1],
      [ids[0], 0],
    ]);
    expect(top[0]?.score).toBeCloseTo(2 / 5 ** 1.8, 6);

    // Another team's top is untouched.
    expect((await app.paperboy.topPapers("week", { platform: "slack", workspace: "T-other" }, 50)).map((view) => view.paper.id).filter((id) => ids.includes(id))).toEqual(ids);
  });
});
