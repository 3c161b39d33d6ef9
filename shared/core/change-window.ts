import type { ChangeWindow, Weekday } from '../plan/types.ts';

/**
 * The next opening of a change window in its IANA time zone, DST-safe: wall-clock times are turned
 * into instants through `Intl` offsets for that very instant, never by adding fixed hours.
 */

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface WallClock {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number;
  readonly minutes: number; // minutes since local midnight
}

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

function wallClockAt(instant: Date, timeZone: string): WallClock & { readonly seconds: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    minutes: (parts.hour ?? 0) * 60 + (parts.minute ?? 0),
    seconds: parts.second ?? 0,
  };
}

/** Offset of `timeZone` from UTC at `instant`, in ms (Tokyo: +9 h). */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClockAt(new Date(instant), timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, 0, wall.minutes, wall.seconds);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time happens in `timeZone`. In a DST gap (02:30 that never happens) this
 * gives the instant just after the gap; in an overlap, the first occurrence.
 */
export function zonedTimeToInstant(wall: WallClock, timeZone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, 0, wall.minutes);
  const first = naive - offsetAt(naive, timeZone);
  const second = naive - offsetAt(first, timeZone);
  if (second === first) return new Date(first);
  // The offset changes between the two guesses: take the earlier instant that maps back to the wall time, else the later.
  const candidates = [Math.min(first, second), Math.max(first, second)];
  for (const candidate of candidates) {
    const back = wallClockAt(new Date(candidate), timeZone);
    if (back.minutes === wall.minutes && back.day === wall.day) return new Date(candidate);
  }
  return new Date(Math.max(first, second));
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
