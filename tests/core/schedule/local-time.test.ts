/**
 * Hand-worked instants for the wall-clock arithmetic every digest hangs on.
 * Each expectation was computed by hand from the zone's rules (Berlin: CET
 * +01, CEST +02, switching at 01:00 UTC; Los Angeles: PST −08, PDT −07,
 * switching at 02:00 local; Kolkata: +05:30 all year), not by the code.
 */
import { describe, expect, it } from "vitest";
import {
  addDays,
  localDate,
  localMinutes,
  nextPostAt,
  parseClockTime,
  shortDateLabel,
  zonedInstant,
} from "../../../src/core/schedule/local-time.js";

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date): string => date.toISOString();

describe("zonedInstant", () => {
  it("places 09:00 in Berlin at 08:00 UTC in winter and 07:00 UTC in summer", () => {
    expect(iso(zonedInstant("2026-01-15", 9 * 60, "Europe/Berlin"))).toBe("2026-01-15T08:00:00.000Z");
    expect(iso(zonedInstant("2026-07-15", 9 * 60, "Europe/Berlin"))).toBe("2026-07-15T07:00:00.000Z");
  });

  it("places 09:00 in Los Angeles at 17:00 UTC in winter and 16:00 UTC in summer", () => {
    expect(iso(zonedInstant("2026-01-15", 9 * 60, "America/Los_Angeles"))).toBe("2026-01-15T17:00:00.000Z");
    expect(iso(zonedInstant("2026-07-15", 9 * 60, "America/Los_Angeles"))).toBe("2026-07-15T16:00:00.000Z");
  });

  it("places 09:00 in Kolkata at 03:30 UTC, half an hour off the hour", () => {
    expect(iso(zonedInstant("2026-03-29", 9 * 60, "Asia/Kolkata"))).toBe("2026-03-29T03:30:00.000Z");
  });

  it("places 09:00 on the days clocks change in the new offset", () => {
    expect(iso(zonedInstant("2026-03-29", 9 * 60, "Europe/Berlin"))).toBe("2026-03-29T07:00:00.000Z");
    expect(iso(zonedInstant("2026-10-25", 9 * 60, "Europe/Berlin"))).toBe("2026-10-25T08:00:00.000Z");
    expect(iso(zonedInstant("2026-03-08", 9 * 60, "America/Los_Angeles"))).toBe("2026-03-08T16:00:00.000Z");
    expect(iso(zonedInstant("2026-11-01", 9 * 60, "America/Los_Angeles"))).toBe("2026-11-01T17:00:00.000Z");
  });

  it("places a time inside the spring-forward gap at the jump, in Berlin", () => {
    // 02:30 never shows on 29 March in Berlin: at 01:00 UTC the clock jumps from 02:00 CET to 03:00 CEST.
    expect(iso(zonedInstant("2026-03-29", 2 * 60 + 30, "Europe/Berlin"))).toBe("2026-03-29T01:00:00.000Z");
  });

  it("places a time inside the spring-forward gap at the jump, in Los Angeles", () => {
    // 02:30 never shows on 8 March in Los Angeles: at 10:00 UTC the clock jumps from 02:00 PST to 03:00 PDT.
    expect(iso(zonedInstant("2026-03-08", 2 * 60 + 30, "America/Los_Angeles"))).toBe("2026-03-08T10:00:00.000Z");
  });

  it("places a time inside a half-hour gap at the jump (Lord Howe Island)", () => {
    // Lord Howe goes from +10:30 to +11 at 02:00 local on 4 October 2026, i.e. 15:30 UTC on the 3rd.
    expect(iso(zonedInstant("2026-10-04", 2 * 60 + 15, "Australia/Lord_Howe"))).toBe("2026-10-03T15:30:00.000Z");
  });

  it("places local midnight at the jump when the gap starts at midnight (Santiago)", () => {
    // Chile springs forward at 00:00 on 6 September 2026: −04 → −03, so 01:00 −03 is 04:00 UTC.
    expect(iso(zonedInstant("2026-09-06", 0, "America/Santiago"))).toBe("2026-09-06T04:00:00.000Z");
  });

  it("takes the first of the two 02:30s on the fall-back night in Berlin", () => {
    // 02:30 CEST (00:30 UTC) comes before 02:30 CET (01:30 UTC).
    expect(iso(zonedInstant("2026-10-25", 2 * 60 + 30, "Europe/Berlin"))).toBe("2026-10-25T00:30:00.000Z");
  });

  it("takes the first of the two 01:30s on the fall-back night in Los Angeles", () => {
    // 01:30 PDT (08:30 UTC) comes before 01:30 PST (09:30 UTC).
    expect(iso(zonedInstant("2026-11-01", 90, "America/Los_Angeles"))).toBe("2026-11-01T08:30:00.000Z");
  });
});

describe("localDate and localMinutes", () => {
  it("reads the calendar date in the channel's zone, not in UTC", () => {
    const instant = at("2026-11-27T23:30:00Z");
    expect(localDate(instant, "UTC")).toBe("2026-11-27");
    expect(localDate(instant, "Europe/Berlin")).toBe("2026-11-28");
    expect(localDate(instant, "Asia/Kolkata")).toBe("2026-11-28");
    expect(localDate(at("2026-11-28T05:00:00Z"), "America/Los_Angeles")).toBe("2026-11-27");
  });

  it("counts minutes since local midnight, including half-hour zones", () => {
    expect(localMinutes(at("2026-11-27T03:30:00Z"), "Asia/Kolkata")).toBe(9 * 60);
    expect(localMinutes(at("2026-11-27T08:00:00Z"), "Europe/Berlin")).toBe(9 * 60);
    expect(localMinutes(at("2026-11-27T00:00:00Z"), "UTC")).toBe(0);
  });

  it("shows 03:00 right after 01:59 on the Berlin spring-forward night", () => {
    expect(localMinutes(at("2026-03-29T00:59:00Z"), "Europe/Berlin")).toBe(1 * 60 + 59);
    expect(localMinutes(at("2026-03-29T01:00:00Z"), "Europe/Berlin")).toBe(3 * 60);
  });
});

describe("nextPostAt", () => {
  it("is today's digest time when it is still ahead", () => {
    expect(iso(nextPostAt(at("2026-11-27T06:00:00Z"), "09:00", "Europe/Berlin"))).toBe("2026-11-27T08:00:00.000Z");
  });

  it("is now itself when now is exactly the digest time", () => {
    expect(iso(nextPostAt(at("2026-11-27T08:00:00Z"), "09:00", "Europe/Berlin"))).toBe("2026-11-27T08:00:00.000Z");
  });

  it("is tomorrow's digest time once today's has passed", () => {
    expect(iso(nextPostAt(at("2026-11-27T08:01:00Z"), "09:00", "Europe/Berlin"))).toBe("2026-11-28T08:00:00.000Z");
  });

  it("crosses the spring-forward night to the new offset", () => {
    // Saturday 28 March 10:00 CET: the next 09:00 is Sunday, already CEST.
    expect(iso(nextPostAt(at("2026-03-28T09:00:00Z"), "09:00", "Europe/Berlin"))).toBe("2026-03-29T07:00:00.000Z");
  });

  it("announces a time skipped by the spring-forward jump for the moment of the jump", () => {
    // Los Angeles, 02:30 asked on Saturday 7 March: Sunday's 02:30 does not exist, 03:00 PDT is 10:00 UTC.
    expect(iso(nextPostAt(at("2026-03-07T20:00:00Z"), "02:30", "America/Los_Angeles"))).toBe(
      "2026-03-08T10:00:00.000Z",
    );
  });

  it("crosses the fall-back night to the new offset in Los Angeles", () => {
    // Saturday 31 October 10:00 PDT: the next 09:00 is Sunday 1 November, already PST.
    expect(iso(nextPostAt(at("2026-10-31T17:00:00Z"), "09:00", "America/Los_Angeles"))).toBe(
      "2026-11-01T17:00:00.000Z",
    );
  });

  it("uses the channel's local date, which can be ahead of UTC's", () => {
    // 23:00 UTC on 27 Nov is already 04:30 on 28 Nov in Kolkata, before 09:00.
    expect(iso(nextPostAt(at("2026-11-27T23:00:00Z"), "09:00", "Asia/Kolkata"))).toBe("2026-11-28T03:30:00.000Z");
  });
});

describe("small helpers", () => {
  it("parses HH:MM and rejects what is not a time of day", () => {
    expect(parseClockTime("09:00")).toBe(540);
    expect(parseClockTime("9:05")).toBe(545);
    expect(parseClockTime("23:59")).toBe(1439);
    expect(parseClockTime("24:00")).toBeUndefined();
    expect(parseClockTime("9am")).toBeUndefined();
  });

  it("adds days across month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("labels a date the way a digest title shows it", () => {
    expect(shortDateLabel("2026-11-27")).toBe("Fri 27 Nov");
  });
});
