/**
 * Durations as people write them in plans: `30s`, `10m`, `1h30m`, `2d`, `1d12h`. Units go from the
 * largest to the smallest, each at most once; the total is whole seconds. No bare numbers: `600`
 * could mean seconds or milliseconds, and a plan is read by humans first.
 */
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** The pattern the JSON Schema publishes for durations (same language as {@link parseDuration}). */
export const DURATION_PATTERN = '^(?:\\d+d)?(?:\\d+h)?(?:\\d+m)?(?:\\d+s)?$';

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;

/** Seconds in `text`; throws a RangeError that says what is allowed when `text` is not a duration. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (text.trim() === '' || match === null) {
    throw new RangeError(
      `duration ${JSON.stringify(text)}: not a duration; allowed e.g. 30s, 10m, 1h30m, 2d (units d, h, m, s, largest first)`,
    );
  }
  const [, days, hours, minutes, seconds] = match;
  const total =
    Number(days ?? 0) * UNIT_SECONDS.d +
    Number(hours ?? 0) * UNIT_SECONDS.h +
    Number(minutes ?? 0) * UNIT_SECONDS.m +
    Number(seconds ?? 0) * UNIT_SECONDS.s;
  if (!Number.isSafeInteger(total)) {
    throw new RangeError(`duration ${JSON.stringify(text)}: too large`);
  }
  return total;
}

/** True when `text` parses as a duration. */
export function isDuration(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}

/** Seconds → the shortest plan duration text: 90 → `1m30s`, 5400 → `1h30m`, 0 → `0s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new RangeError(`duration ${seconds}: not a non-negative number`);
  let rest = Math.round(seconds);
  if (rest === 0) return '0s';
  let text = '';
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}
