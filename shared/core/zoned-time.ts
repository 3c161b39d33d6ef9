/**
 * Wall-clock time in an IANA time zone, the one module that turns local times into instants (change
 * windows, `cutover schedule --at`). Built on `Intl` offsets for the very instant in question, never
 * by adding fixed hours, so it follows every zone's rules (including Lord Howe's 30-minute DST).
 *
 * Local times a daylight-saving change makes odd resolve the way calendars and RFC 5545 do (and
 * Temporal's default `compatible`):
 * - skipped (spring forward, 02:30 in New York on the day clocks jump 02:00 → 03:00): moved forward by
 *   the length of the gap, to 03:30. A schedule or window must still happen that day — refusing would
 *   silently drop a recurring window, and EventBridge Scheduler itself skips a time that does not exist,
 *   so the caller must hand it the moved time.
 * - repeated (fall back, 01:30 happens twice): the earlier of the two, so nothing starts an hour late.
 * The caller learns which case applied (`resolution`) and can say so.
 */

/** A local wall-clock time; `second` defaults to 0. */
export interface WallTime {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
}

export type Resolution = 'exact' | 'skipped' | 'repeated';

export interface ResolvedWallTime {
  readonly instant: Date;
  /** `skipped`: the wall time does not exist and was moved past the gap; `repeated`: the earlier one was taken. */
  readonly resolution: Resolution;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `timeZone` is an IANA zone this runtime knows (`Asia/Tokyo`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `timeZone` at `instant` (to the second). */
export function wallTimeAt(instant: Date, timeZone: string): Required<WallTime> {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The wall time read as if it were UTC: a plain number to compare and subtract wall times with. */
function wallMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
}

/** Offset of `timeZone` from UTC at `instant`, in ms (Tokyo: +9 h), to the second. */
export function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallMs(wallTimeAt(new Date(whole), timeZone)) - whole;
}

/**
 * The instant a wall time names in `timeZone`. The offsets a day before and a day after bracket any
 * change near it: a wall time matched under both is repeated, under one exact, under none skipped.
 */
export function resolveWallTime(wall: WallTime, timeZone: string): ResolvedWallTime {
  const local = wallMs(wall);
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const matches = [...new Set([local - before, local - after])]
    .filter((candidate) => wallMs(wallTimeAt(new Date(candidate), timeZone)) === local)
    .sort((a, b) => a - b);
  const [earliest] = matches;
  if (earliest === undefined) {
    // Read with the offset in force before the jump, the time lands after it, later by the gap's length.
    return { instant: new Date(local - before), resolution: 'skipped' };
  }
  return { instant: new Date(earliest), resolution: matches.length > 1 ? 'repeated' : 'exact' };
}

/** `resolveWallTime(...).instant`. */
export function instantOfWallTime(wall: WallTime, timeZone: string): Date {
  return resolveWallTime(wall, timeZone).instant;
}
