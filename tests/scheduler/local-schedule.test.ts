/**
 * Each channel gets its digest at its own local time, once a day, on the
 * days clocks change too. The clock walks through two days around each
 * daylight-saving change, ticking the scheduler as node-cron
 * would (every minute near the expected times, every quarter hour elsewhere),
 * and every post is checked against the instant worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { databaseKinds } from "../support/database.js";
import { listSource } from "../support/test-app.js";
import { freshPapers, MINUTE, useHarnesses } from "./harness.js";

const ZONES = {
  berlin: "Europe/Berlin",
  "los-angeles": "America/Los_Angeles",
  kolkata: "Asia/Kolkata",
} as const;
type ChannelName = keyof typeof ZONES;

/**
 * Two days around each change, and when 09:00 local falls in UTC on each:
 * Berlin CET +01 / CEST +02, Los Angeles PST −08 / PDT −07, Kolkata +05:30.
 */
const CHANGES: Array<{ change: string; days: [string, string]; expected: Record<ChannelName, [string, string]> }> = [
  {
    change: "Los Angeles springs forward on Sunday 8 March",
    days: ["2026-03-07", "2026-03-08"],
    expected: {
      berlin: ["2026-03-07T08:00Z", "2026-03-08T08:00Z"],
      "los-angeles": ["2026-03-07T17:00Z", "2026-03-08T16:00Z"],
      kolkata: ["2026-03-07T03:30Z", "2026-03-08T03:30Z"],
    },
  },
  {
    change: "Berlin springs forward on Sunday 29 March",
    days: ["2026-03-28", "2026-03-29"],
    expected: {
      berlin: ["2026-03-28T08:00Z", "2026-03-29T07:00Z"],
      "los-angeles": ["2026-03-28T16:00Z", "2026-03-29T16:00Z"],
      kolkata: ["2026-03-28T03:30Z", "2026-03-29T03:30Z"],
    },
  },
  {
    change: "Berlin falls back on Sunday 25 October",
    days: ["2026-10-24", "2026-10-25"],
    expected: {
      berlin: ["2026-10-24T07:00Z", "2026-10-25T08:00Z"],
      "los-angeles": ["2026-10-24T16:00Z", "2026-10-25T16:00Z"],
      kolkata: ["2026-10-24T03:30Z", "2026-10-25T03:30Z"],
    },
  },
  {
    change: "Los Angeles falls back on Sunday 1 November",
    days: ["2026-10-31", "2026-11-01"],
    expected: {
      berlin: ["2026-10-31T08:00Z", "2026-11-01T08:00Z"],
      "los-angeles": ["2026-10-31T16:00Z", "2026-11-01T17:00Z"],
      kolkata: ["2026-10-31T03:30Z", "2026-11-01T03:30Z"],
    },
  },
];

const iso = (instant: string): string => new Date(instant).toISOString();

/**
 * The instants a test ticks at: every quarter of an hour from `start` to
 * `end`, and every minute in the hour around each expected post, so a digest
 * a minute early or late shows, as does one at any other hour of the day.
 */
function tickInstants(start: number, end: number, expected: readonly string[]): number[] {
  const instants = new Set<number>();
  for (let at = start; at < end; at += 15 * MINUTE) instants.add(at);
  for (const instant of expected) {
    const at = Date.parse(instant);
    for (let near = at - 30 * MINUTE; near <= at + 30 * MINUTE; near += MINUTE) instants.add(near);
  }
  return [...instants].filter((at) => at >= start && at < end).sort((a, b) => a - b);
}

for (const kind of databaseKinds()) {
  describe(`the daily schedule (${kind})`, { timeout: 120_000 }, () => {
    const harnesses = useHarnesses(kind);

    for (const { change, days, expected } of CHANGES) {
      it(`posts Berlin, Los Angeles and Kolkata once each at their local 09:00 when ${change}`, async () => {
        const [firstDay, secondDay] = days;
        const h = await harnesses.harness({ start: `${firstDay}T00:00:00Z` });
        // Five papers a digest: Los Angeles, already past 09:00 when the walk starts at
        // midnight UTC, also gets the digest of the day before the first day.
        await h.paperboy.ingest(listSource(freshPapers(15, `${firstDay}T00:00:00Z`)));
        for (const [channel, zone] of Object.entries(ZONES)) await h.subscribe(channel, "09:00", zone);
        const scheduler = h.scheduler();

        const start = h.clock.now().getTime();
        const end = new Date(`${secondDay}T00:00:00Z`).getTime() + 24 * 60 * MINUTE;
        for (const at of tickInstants(start, end, Object.values(expected).flat())) {
          h.clock.set(new Date(at));
          await scheduler.tickDigests(new Date(at));
        }

        for (const channel of Object.keys(ZONES) as ChannelName[]) {
          const roots = h.chat.roots(channel).filter((root) => days.includes(root.header.localDate));
          expect(
            roots.map((root) => ({ localDate: root.header.localDate, at: root.at.toISOString() })),
            channel,
          ).toEqual([
            { localDate: firstDay, at: iso(expected[channel][0]) },
            { localDate: secondDay, at: iso(expected[channel][1]) },
          ]);
          for (const root of roots) expect(h.chat.entriesIn(root.message)).toHaveLength(5);
        }
        expect(h.chat.notices()).toEqual([]);
      });
    }

    it("posts a 02:30 Los Angeles digest at the jump to 03:00 on the spring-forward morning, as subscribing announced", async () => {
      // 02:30 does not exist in Los Angeles on 8 March 2026: the clock jumps from 01:59 PST to 03:00 PDT.
      const h = await harnesses.harness({ start: "2026-03-08T09:00:00Z" });
      await h.paperboy.ingest(listSource(freshPapers(5, "2026-03-07T12:00:00Z")));
      const ref = { platform: "shell" as const, workspace: "local", channel: "night-owls" };
      const { nextPostAt } = await h.paperboy.subscribe(ref, { digestTime: "02:30", timezone: "America/Los_Angeles" });
      expect(nextPostAt.toISOString()).toBe("2026-03-08T10:00:00.000Z");
      const scheduler = h.scheduler();

      for (let at = h.clock.now().getTime(); at <= Date.parse("2026-03-08T11:00:00Z"); at += MINUTE) {
        h.clock.set(new Date(at));
        await scheduler.tickDigests(new Date(at));
      }

      expect(h.chat.roots("night-owls").map((root) => root.at.toISOString())).toEqual(["2026-03-08T10:00:00.000Z"]);
    });
  });
}
