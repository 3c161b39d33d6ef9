import type { ChangeWindow, Weekday } from '#plan/types';

import { instantOfWallTime, wallTimeAt } from './zoned-time.ts';

/**
 * The next opening of a change window in its IANA time zone, DST-safe: wall-clock times become
 * instants through the one zoned-time module, never by adding fixed hours.
 */

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface WallClock {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number;
  readonly minutes: number; // minutes since local midnight
}

function wallClockAt(instant: Date, timeZone: string): WallClock {
  const wall = wallTimeAt(instant, timeZone);
  return { year: wall.year, month: wall.month, day: wall.day, minutes: wall.hour * 60 + wall.minute };
}

/**
 * The instant a wall-clock time happens in `timeZone`, as `shared/core/zoned-time.ts` resolves it: in
 * a DST gap (02:30 that never happens) moved forward by the gap; in an overlap, the first occurrence.
 */
export function zonedTimeToInstant(wall: WallClock, timeZone: string): Date {
  const hour = Math.floor(wall.minutes / 60);
  return instantOfWallTime({ ...wall, hour, minute: wall.minutes - hour * 60 }, timeZone);
}

function parseHhMm(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`window time "${text}": expected HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function weekdayOf(year: number, month: number, day: number): Weekday {
  return WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()] ?? 'sun';
}

/** True when `now` is inside the window (on an allowed day, from `between[0]` up to, not including, `between[1]`). */
export function insideWindow(window: ChangeWindow, now: Date): boolean {
  const wall = wallClockAt(now, window.timeZone);
  const [start, end] = [parseHhMm(window.between[0]), parseHhMm(window.between[1])];
  return (
    window.days.includes(weekdayOf(wall.year, wall.month, wall.day)) &&
    wall.minutes >= start &&
    wall.minutes < end
  );
}

/** `now` when inside the window; otherwise the next instant the window opens (within the next 8 days). */
export function nextWindowOpening(window: ChangeWindow, now: Date): Date {
  if (insideWindow(window, now)) return now;
  if (window.days.length === 0) throw new RangeError('window: no days allowed; the window never opens');
  const start = parseHhMm(window.between[0]);
  const today = wallClockAt(now, window.timeZone);
  for (let offset = 0; offset <= 8; offset += 1) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!window.days.includes(weekdayOf(year, month, day))) continue;
    const opening = zonedTimeToInstant({ year, month, day, minutes: start }, window.timeZone);
    // A window inside a skipped hour (02:00–03:00 on the day daylight saving starts) has no
    // opening that day: the instant after the gap is already past its end.
    if (opening.getTime() > now.getTime() && insideWindow(window, opening)) return opening;
  }
  throw new RangeError(`window ${JSON.stringify(window)}: no opening within 8 days of ${now.toISOString()}`);
}
