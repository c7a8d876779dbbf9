/**
 * A channel's digest settings: defaults on the first subscribe, one change
 * at a time afterwards, a clear answer to unsubscribing twice, and a digest
 * that falls due at the channel's own local time and stops being due once
 * it exists.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelRef } from "../../src/core/types.js";
import { databaseKinds } from "../support/database.js";
import { createRecordingChat } from "../support/recording-chat.js";
import { type TestPaperboy, createTestClock, createTestPaperboy } from "../support/test-app.js";

const HOUR = 3_600_000;
const channel = (id: string, platform: ChannelRef["platform"] = "slack"): ChannelRef => ({ platform, workspace: "T-channels", channel: id });

describe.each(databaseKinds())("channel settings (%s)", (kind) => {
  let app: TestPaperboy;

  beforeAll(async () => {
    // 07:00 UTC on a Friday in November: 08:00 in Berlin (CET, UTC+1).
    app = await createTestPaperboy({
      kind,
      clock: createTestClock("2026-11-27T07:00:00Z"),
      papers: [1, 2, 3].map((n) => ({
        id: `2411.2000${n}`,
        title: `Channel test paper ${n}`,
        abstract: "A paper for channel tests.",
        source: "arxiv" as const,
      })),
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("subscribes with the defaults, then changes one setting and keeps the others", async () => {
    const ref = channel("C-defaults");
    const first = await app.paperboy.subscribe(ref, {});
    expect(first.settings).toEqual({ ...ref, digestTime: "09:00", timezone: "UTC", digestSize: 5, topics: [], enabled: true });

    const changedTime = await app.paperboy.subscribe(ref, { digestTime: "08:30" });
    expect(changedTime.settings).toMatchObject({ digestTime: "08:30", timezone: "UTC", digestSize: 5, topics: [] });

    await app.paperboy.subscribe(ref, { timezone: "Europe/Berlin", topics: ["llm", "agents"] });
    await app.paperboy.subscribe(ref, { digestSize: 3 });
    expect(await app.paperboy.getChannel(ref)).toEqual({
      ...ref,
      digestTime: "08:30",
      timezone: "Europe/Berlin",
      digestSize: 3,
      topics: ["llm", "agents"],
      enabled: true,
    });
  });

  it("says when the next digest comes, in the channel's own zone", async () => {
    // 07:00 UTC is 08:00 in Berlin: today's 09:00 Berlin is 08:00 UTC.
    const today = await app.paperboy.subscribe(channel("C-next"), { digestTime: "09:00", timezone: "Europe/Berlin" });
    expect(today.nextPostAt.toISOString()).toBe("2026-11-27T08:00:00.000Z");
    // Once today's digest is out, the next one is tomorrow's 09:00 Berlin.
    await app.paperboy.postDigest(channel("C-next"), createRecordingChat("slack"));
    const tomorrow = await app.paperboy.subscribe(channel("C-next"), { topics: ["llm"] });
    expect(tomorrow.nextPostAt.toISOString()).toBe("2026-11-28T08:00:00.000Z");
  });

  it("says the digest comes now when subscribing after today's time, since it is due at once", async () => {
    const ref = channel("C-late");
    // 07:30 Berlin has passed (it is 08:00 there) and the channel has no digest today: it is due right away.
    const late = await app.paperboy.subscribe(ref, { digestTime: "07:30", timezone: "Europe/Berlin" });
    const due = (await app.paperboy.dueChannels(app.clock.now(), ["slack"])).map((settings) => settings.channel);
    expect(due).toContain("C-late");
    expect(late.nextPostAt.toISOString()).toBe(app.clock.now().toISOString());

    // Posted: tomorrow's 07:30 Berlin is 06:30 UTC.
    await app.paperboy.postDigest(ref, createRecordingChat("slack"));
    const after = await app.paperboy.subscribe(ref, {});
    expect(after.nextPostAt.toISOString()).toBe("2026-11-28T06:30:00.000Z");
  });

  it("unsubscribes once, and says there was nothing to stop the second time", async () => {
    const ref = channel("C-unsub");
    await app.paperboy.subscribe(ref, { digestTime: "10:15", topics: ["spiking"] });
    expect(await app.paperboy.unsubscribe(ref)).toBe(true);
    expect(await app.paperboy.unsubscribe(ref)).toBe(false);
    expect((await app.paperboy.getChannel(ref))?.enabled).toBe(false);
    expect(await app.paperboy.unsubscribe(channel("C-never-subscribed"))).toBe(false);

    // Subscribing again brings back what the channel had chosen.
    const again = await app.paperboy.subscribe(ref, {});
    expect(again.settings).toMatchObject({ digestTime: "10:15", topics: ["spiking"], enabled: true });
  });

  it("makes a channel due only after its local time, and only until its digest exists", async () => {
    const ref = channel("C-due");
    await app.paperboy.subscribe(ref, { digestTime: "09:00", timezone: "Europe/Berlin", digestSize: 2 });
    const due = async (at: Date) =>
      (await app.paperboy.dueChannels(at, ["slack"])).filter((settings) => settings.channel === ref.channel);

    app.clock.set("2026-11-27T07:59:00Z"); // 08:59 in Berlin
    expect(await due(app.clock.now())).toEqual([]);
    app.clock.set("2026-11-27T08:00:00Z"); // 09:00 in Berlin
    expect(await due(app.clock.now())).toMatchObject([{ ...ref, digestTime: "09:00", timezone: "Europe/Berlin" }]);
    expect(await app.paperboy.dueChannels(app.clock.now(), ["discord"])).toEqual([]);

    const chat = createRecordingChat("slack");
    expect((await app.paperboy.postDigest(ref, chat)).status).toBe("posted");
    app.clock.set("2026-11-27T20:00:00Z");
    expect(await due(app.clock.now())).toEqual([]);

    // The next morning, due again at 09:00 Berlin and not before.
    app.clock.set("2026-11-28T07:59:00Z");
    expect(await due(app.clock.now())).toEqual([]);
    app.clock.advance(HOUR / 60);
    expect(await due(app.clock.now())).toHaveLength(1);
  });

  it("never makes an unsubscribed channel due", async () => {
    const ref = channel("C-off");
    await app.paperboy.subscribe(ref, { digestTime: "00:00" });
    await app.paperboy.unsubscribe(ref);
    const all = await app.paperboy.dueChannels(new Date("2026-11-29T12:00:00Z"), ["slack"]);
    expect(all.map((settings) => settings.channel)).not.toContain("C-off");
  });
});
