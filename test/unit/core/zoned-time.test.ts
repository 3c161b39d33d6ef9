import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offsetAt, resolveWallTime, type WallTime, wallTimeAt } from '#core/zoned-time';

const ZONES = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Tokyo', 'UTC'] as const;
const WITH_DST = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe'] as const;
const FROM = Date.UTC(2000, 0, 1);
const UNTIL = Date.UTC(2037, 11, 31);
const MINUTE = 60_000;

interface Transition {
  /** The first instant with the new offset. */
  readonly at: number;
  readonly offsetBefore: number;
  readonly offsetAfter: number;
}

/** Offset changes of `zone` in `year`, found by daily steps then bisection to the minute. */
function transitionsIn(zone: string, year: number): Transition[] {
  const found: Transition[] = [];
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
    const [before, after] = [offsetAt(day, zone), offsetAt(day + 86_400_000, zone)];
    if (before === after) continue;
    let [low, high] = [day, day + 86_400_000];
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (offsetAt(middle, zone) === before) low = middle;
      else high = middle;
    }
    found.push({ at: high, offsetBefore: before, offsetAfter: after });
  }
  return found;
}

/** The wall time that an instant shows under a given offset. */
function wallUnder(instant: number, offset: number): WallTime {
  const shown = new Date(instant + offset);
  return {
    year: shown.getUTCFullYear(),
    month: shown.getUTCMonth() + 1,
    day: shown.getUTCDate(),
    hour: shown.getUTCHours(),
    minute: shown.getUTCMinutes(),
    second: shown.getUTCSeconds(),
  };
}

const zoneYearTransition = (zones: readonly string[], keep: (t: Transition) => boolean) =>
  fc
    .record({ zone: fc.constantFrom(...zones), year: fc.integer({ min: 2000, max: 2037 }) })
    .map(({ zone, year }) => ({ zone, transitions: transitionsIn(zone, year).filter(keep) }))
    .filter(({ transitions }) => transitions.length > 0)
    .chain(({ zone, transitions }) =>
      fc.record({ zone: fc.constant(zone), transition: fc.constantFrom(...transitions) }),
    );

describe('resolveWallTime', () => {
  it('round-trips every instant outside a repeated hour, and gives the earlier one inside it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: FROM / 1000, max: UNTIL / 1000 }),
        (zone, seconds) => {
          const instant = seconds * 1000;
          const wall = wallTimeAt(new Date(instant), zone);
          const resolved = resolveWallTime(wall, zone);
          expect(wallTimeAt(resolved.instant, zone)).toEqual(wall);
          if (resolved.resolution === 'exact') expect(resolved.instant.getTime()).toBe(instant);
          else {
            expect(resolved.resolution).toBe('repeated');
            expect(resolved.instant.getTime()).toBeLessThanOrEqual(instant);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('moves a wall time skipped by a DST jump forward by the length of the gap', () => {
    fc.assert(
      fc.property(
        zoneYearTransition(WITH_DST, (t) => t.offsetAfter > t.offsetBefore),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        ({ zone, transition }, fraction) => {
          const gap = transition.offsetAfter - transition.offsetBefore;
          const into = Math.floor((fraction * gap) / MINUTE) * MINUTE;
          // The wall times from the old offset's reading of the jump up to the gap's length later never happen.
          const skipped = wallUnder(transition.at + into, transition.offsetBefore);
          const resolved = resolveWallTime(skipped, zone);
          expect(resolved.resolution).toBe('skipped');
          expect(resolved.instant.getTime()).toBe(transition.at + into);
          expect(wallTimeAt(resolved.instant, zone)).toEqual(
            wallUnder(transition.at + into, transition.offsetAfter),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('takes the earlier of the two instants of a wall time repeated when clocks go back', () => {
    fc.assert(
      fc.property(
        zoneYearTransition(WITH_DST, (t) => t.offsetAfter < t.offsetBefore),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        ({ zone, transition }, fraction) => {
          const overlap = transition.offsetBefore - transition.offsetAfter;
          const into = Math.floor((fraction * overlap) / MINUTE) * MINUTE;
          const later = transition.at + into;
          const repeated = wallUnder(later, transition.offsetAfter);
          const resolved = resolveWallTime(repeated, zone);
          expect(resolved.resolution).toBe('repeated');
          expect(resolved.instant.getTime()).toBe(later - overlap);
          expect(wallTimeAt(new Date(later), zone)).toEqual(repeated);
        },
      ),
      { numRuns: 150 },
    );
  });

  it.each([
    // New York springs forward 2026-03-08 02:00 → 03:00; Lord Howe moves 30 minutes on 2026-10-04 02:00.
    {
      zone: 'America/New_York',
      wall: '2026-03-08T02:30',
      expected: '2026-03-08T07:30:00.000Z',
      resolution: 'skipped',
    },
    {
      zone: 'America/New_York',
      wall: '2026-11-01T01:30',
      expected: '2026-11-01T05:30:00.000Z',
      resolution: 'repeated',
    },
    {
      zone: 'Europe/London',
      wall: '2026-03-29T01:15',
      expected: '2026-03-29T01:15:00.000Z',
      resolution: 'skipped',
    },
    {
      zone: 'Australia/Lord_Howe',
      wall: '2026-10-04T02:15',
      expected: '2026-10-03T15:45:00.000Z',
      resolution: 'skipped',
    },
    {
      zone: 'Australia/Lord_Howe',
      wall: '2026-04-05T01:45',
      expected: '2026-04-04T14:45:00.000Z',
      resolution: 'repeated',
    },
    {
      zone: 'Asia/Tokyo',
      wall: '2026-03-08T02:30',
      expected: '2026-03-07T17:30:00.000Z',
      resolution: 'exact',
    },
  ])('$zone $wall → $expected ($resolution)', ({ zone, wall, expected, resolution }) => {
    const [date, time] = wall.split('T') as [string, string];
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const [hour, minute] = time.split(':').map(Number) as [number, number];
    const resolved = resolveWallTime({ year, month, day, hour, minute }, zone);
    expect({ instant: resolved.instant.toISOString(), resolution: resolved.resolution }).toEqual({
      instant: expected,
      resolution,
    });
  });
});
