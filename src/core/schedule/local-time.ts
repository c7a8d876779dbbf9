/**
 * Wall-clock arithmetic in a channel's own time zone, daylight saving
 * included, with nothing but Intl: a digest is due when the channel's local
 * time passes its digest time, and "today" is the channel's local date.
 */

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

export function localParts(instant: Date, zone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** `YYYY-MM-DD` in the zone. */
export function localDate(instant: Date, zone: string): string {
  const p = localParts(instant, zone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Minutes since local midnight. */
export function localMinutes(instant: Date, zone: string): number {
  const p = localParts(instant, zone);
  return p.hour * 60 + p.minute;
}

export function parseClockTime(text: string): number | undefined {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Offset of the zone from UTC at `instant`, in minutes (Berlin in summer: +120). */
function offsetMinutes(instant: Date, zone: string): number {
  const p = localParts(instant, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant when the zone's clock shows `date` `HH:MM`: the first instant
 * the local clock reads that time or later. A time skipped by a daylight-saving
 * jump (02:30 on the spring-forward night) becomes the moment of the jump
 * (03:00), so no day loses its digest and the announced time is the one at
 * which the scheduler finds the digest due ("local time at or past the digest
 * time"); a repeated time (fall-back night) takes its first occurrence.
 */
export function zonedInstant(date: string, minutes: number, zone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wallAsUtc = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  // The offsets in force a day and a half either side bracket any transition near
  // this wall time (no zone changes its offset twice within three days), so the
  // instant is one of the two readings of the wall time.
  const before = offsetMinutes(new Date(wallAsUtc - 36 * HOUR), zone);
  const after = offsetMinutes(new Date(wallAsUtc + 36 * HOUR), zone);
  const candidates = [wallAsUtc - before * MINUTE, wallAsUtc - after * MINUTE]
    .filter((instant) => showsWallTime(new Date(instant), zone, date, minutes))
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) return new Date(candidates[0]);
  // No reading shows the wall time: it lies in a gap. Read with the new offset it
  // falls before the jump, with the old one after it; the jump lies between.
  let lo = wallAsUtc - after * MINUTE;
  let hi = wallAsUtc - before * MINUTE;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetMinutes(new Date(mid), zone) === after) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function showsWallTime(instant: Date, zone: string, date: string, minutes: number): boolean {
  const p = localParts(instant, zone);
  return localDate(instant, zone) === date && p.hour * 60 + p.minute === minutes;
}

/** Adds days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return next.toISOString().slice(0, 10);
}

/** The next instant at or after `now` when a channel with this time and zone is due. */
export function nextPostAt(now: Date, digestTime: string, zone: string): Date {
  const minutes = parseClockTime(digestTime) ?? 9 * 60;
  const today = localDate(now, zone);
  const todayAt = zonedInstant(today, minutes, zone);
  return todayAt.getTime() >= now.getTime() ? todayAt : zonedInstant(addDays(today, 1), minutes, zone);
}

/** `Fri 27 Nov` for a `YYYY-MM-DD` date. */
export function shortDateLabel(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" })
    .format(new Date(Date.UTC(y, m - 1, d)))
    .replace(",", "");
}
