/**
 * The trending formula, checked against numbers worked out by hand:
 *   score = (team_votes + w × source_upvotes) / (age_hours + 2) ^ gravity,
 * with w = 0.2 and gravity = 1.8 by default.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_TRENDING, rankByTrending, trendingScore } from "../../src/core/trending.js";

const HOUR = 3_600_000;
const now = new Date("2026-11-27T12:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * HOUR);

describe("the trending score", () => {
  it("uses w = 0.2 and gravity = 1.8 by default", () => {
    expect(DEFAULT_TRENDING).toEqual({ sourceWeight: 0.2, gravity: 1.8 });
  });

  it("scores 3 votes and 10 upvotes at 10 hours as 5 / 12^1.8", () => {
    // points = 3 + 0.2 × 10 = 5; 12^1.8 = e^(1.8 × ln 12) = e^(1.8 × 2.4849067) = e^4.4728320 = 87.60447;
    // 5 / 87.60447 = 0.0570747.
    expect(trendingScore({ teamVotes: 3, sourceUpvotes: 10, ageHours: 10 })).toBeCloseTo(0.0570747, 6);
  });

  it("scores a brand-new paper with one vote as 1 / 2^1.8", () => {
    // 2^1.8 = e^(1.8 × 0.6931472) = e^1.2476649 = 3.4822023; 1 / 3.4822023 = 0.2871746.
    expect(trendingScore({ teamVotes: 1, sourceUpvotes: 0, ageHours: 0 })).toBeCloseTo(0.2871746, 6);
  });

  it("weighs 50 upvotes like 10 team votes: 2 votes + 50 upvotes at 24 h is 12 / 26^1.8", () => {
    // 26^1.8 = e^(1.8 × 3.2580965) = e^5.8645737 = 352.33195; 12 / 352.33195 = 0.0340588.
    expect(trendingScore({ teamVotes: 2, sourceUpvotes: 50, ageHours: 24 })).toBeCloseTo(0.0340588, 6);
  });

  it("takes other parameters when given them", () => {
    // (1 + 1 × 4) / (2 + 2)^1 = 5 / 4
    expect(trendingScore({ teamVotes: 1, sourceUpvotes: 4, ageHours: 2 }, { sourceWeight: 1, gravity: 1 })).toBe(1.25);
  });

  it("treats a paper dated in the future as brand new rather than dividing by a tiny number", () => {
    expect(trendingScore({ teamVotes: 1, sourceUpvotes: 0, ageHours: -5 })).toBe(trendingScore({ teamVotes: 1, sourceUpvotes: 0, ageHours: 0 }));
  });

  it("scores a paper nobody voted on as 0", () => {
    expect(trendingScore({ teamVotes: 0, sourceUpvotes: 0, ageHours: 3 })).toBe(0);
  });
});

describe("ranking by trending", () => {
  it("puts a fresh paper with 1 vote above a two-day-old one with 5", () => {
    // fresh: 1 / 3^1.8 = 0.1384; old: 5 / 50^1.8 = 0.00437
    const ranked = rankByTrending(
      [
        { id: "old", teamVotes: 5, sourceUpvotes: 0, freshAt: hoursAgo(48) },
        { id: "fresh", teamVotes: 1, sourceUpvotes: 0, freshAt: hoursAgo(1) },
      ],
      now,
    );
    expect(ranked.map((item) => item.id)).toEqual(["fresh", "old"]);
    expect(ranked[0]?.score).toBeCloseTo(0.1384145, 6);
    expect(ranked[1]?.score).toBeCloseTo(0.0043734, 6);
  });

  it("ranks papers without votes newest first, below any voted paper", () => {
    const ranked = rankByTrending(
      [
        { id: "a", teamVotes: 0, sourceUpvotes: 0, freshAt: hoursAgo(30) },
        { id: "b", teamVotes: 0, sourceUpvotes: 0, freshAt: hoursAgo(2) },
        { id: "voted", teamVotes: 1, sourceUpvotes: 0, freshAt: hoursAgo(60) },
        { id: "c", teamVotes: 0, sourceUpvotes: 0, freshAt: hoursAgo(10) },
      ],
      now,
    );
    expect(ranked.map((item) => item.id)).toEqual(["voted", "b", "c", "a"]);
  });

  it("breaks exact ties by id, whatever order the papers came in", () => {
    const at = hoursAgo(5);
    const items = ["2401.00003", "2401.00001", "2401.00002"].map((id) => ({ id, teamVotes: 2, sourceUpvotes: 0, freshAt: at }));
    const expected = ["2401.00001", "2401.00002", "2401.00003"];
    expect(rankByTrending(items, now).map((item) => item.id)).toEqual(expected);
    expect(rankByTrending([...items].reverse(), now).map((item) => item.id)).toEqual(expected);
  });

  it("keeps what it was given and adds the score", () => {
    const [item] = rankByTrending([{ id: "x", teamVotes: 3, sourceUpvotes: 10, freshAt: hoursAgo(10), extra: "kept" }], now);
    expect(item?.extra).toBe("kept");
    expect(item?.score).toBeCloseTo(0.0570747, 6);
  });
});
