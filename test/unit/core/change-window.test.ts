import { describe, expect, it } from 'vitest';
import { insideWindow, nextWindowOpening, zonedTimeToInstant } from '#core/change-window';
import type { ChangeWindow } from '#plan/types';

const tokyo: ChangeWindow = {
  timeZone: 'Asia/Tokyo',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  between: ['10:00', '17:00'],
};
const newYork: ChangeWindow = {
  timeZone: 'America/New_York',
  days: ['sun', 'mon'],
  between: ['02:30', '05:00'],
};

describe('nextWindowOpening', () => {
  it.each([
    {
      case: 'inside the window → now',
      window: tokyo,
      now: '2026-06-01T03:00:00Z',
      expected: '2026-06-01T03:00:00.000Z',
    },
    {
      case: 'before opening on a weekday → today 10:00 Tokyo',
      window: tokyo,
      now: '2026-06-01T00:00:00Z',
      expected: '2026-06-01T01:00:00.000Z',
    },
    {
      case: 'after closing → tomorrow 10:00 Tokyo',
      window: tokyo,
      now: '2026-06-01T10:00:00Z',
      expected: '2026-06-02T01:00:00.000Z',
    },
    {
      case: 'the closing minute is outside',
      window: tokyo,
      now: '2026-06-01T08:00:00Z',
      expected: '2026-06-02T01:00:00.000Z',
    },
    {
      case: 'Friday evening → Monday 10:00',
      window: tokyo,
      now: '2026-06-05T09:00:00Z',
      expected: '2026-06-08T01:00:00.000Z',
    },
    {
      case: 'Saturday in Tokyo while still Friday in UTC → Monday',
      window: tokyo,
      now: '2026-06-05T20:00:00Z',
      expected: '2026-06-08T01:00:00.000Z',
    },
    // 2026-03-08: New York springs forward at 02:00 → 03:00, so 02:30 does not exist that Sunday.
    {
      case: 'DST gap: a non-existent opening moves past the gap',
      window: newYork,
      now: '2026-03-08T05:00:00Z',
      expected: '2026-03-08T07:30:00.000Z',
    },
    // 2026-11-01: falls back at 02:00 → 01:00; 02:30 happens once, at UTC-5.
    {
      case: 'DST end: the opening uses the new offset',
      window: newYork,
      now: '2026-11-01T05:00:00Z',
      expected: '2026-11-01T07:30:00.000Z',
    },
    {
      case: 'the day after DST start uses the summer offset',
      window: newYork,
      now: '2026-03-08T12:00:00Z',
      expected: '2026-03-09T06:30:00.000Z',
    },
  ])('$case', ({ window, now, expected }) => {
    expect(nextWindowOpening(window, new Date(now)).toISOString()).toBe(expected);
  });

  it('treats 24:00 as the end of the day', () => {
    const allDay: ChangeWindow = { timeZone: 'Europe/Berlin', days: ['mon'], between: ['00:00', '24:00'] };
    expect(insideWindow(allDay, new Date('2026-06-01T21:59:00Z'))).toBe(true);
    expect(insideWindow(allDay, new Date('2026-06-01T22:00:00Z'))).toBe(false);
  });
});

describe('zonedTimeToInstant', () => {
  it('turns a Tokyo wall-clock time into the instant', () => {
    expect(
      zonedTimeToInstant({ year: 2026, month: 12, day: 1, minutes: 9 * 60 }, 'Asia/Tokyo').toISOString(),
    ).toBe('2026-12-01T00:00:00.000Z');
  });
});

describe('a window inside the hour daylight saving skips', () => {
  it('has no opening on that day: the next opening is inside the window, never at 03:00 EDT', () => {
    // Prepare: 02:00–03:00 New York on Sundays; on 8 March 2026 clocks jump from 02:00 to 03:00
    const skipped: ChangeWindow = {
      timeZone: 'America/New_York',
      days: ['sun'],
      between: ['02:00', '03:00'],
    };
    const saturdayMidnight = new Date('2026-03-08T05:00:00Z'); // 00:00 EST
    // Act
    const opening = nextWindowOpening(skipped, saturdayMidnight);
    // Assess: a week later at 02:00 EDT, inside the window
    expect(opening.toISOString()).toBe('2026-03-15T06:00:00.000Z');
    expect(insideWindow(skipped, opening)).toBe(true);
  });
});
