import { usageFailure } from '../failure.ts';

/** A local wall-clock time as EventBridge Scheduler's at() takes it: `YYYY-MM-DDTHH:MM:SS`. */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** `2026-12-01 09:00`, `2026-12-01T09:00` or with seconds; anything else is exit 2. */
export function parseLocalTime(text: string): LocalTime {
  const m = LOCAL.exec(text.trim());
  if (!m) {
    throw usageFailure(
      `--at: '${text}' is not a local time; expected YYYY-MM-DD HH:MM (wall-clock time in --tz), e.g. 2026-12-01 09:00`,
    );
  }
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    probe.getUTCMonth() !== month - 1 ||
    probe.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw usageFailure(`--at: '${text}' is not a valid date and time`);
  }
  return { year, month, day, hour, minute, second };
}

/** Exit 2 unless the IANA time zone is known (`Asia/Tokyo`, `UTC`). */
export function checkTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    throw usageFailure(`--tz: '${zone}' is not an IANA time zone; e.g. Asia/Tokyo, Europe/Berlin, UTC`);
  }
}

function wallClockOf(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/**
 * The instant a local wall-clock time in `zone` names. A time skipped by a daylight-saving jump
 * does not exist there and is refused (exit 2); a repeated one takes its first occurrence.
 */
export function instantOf(local: LocalTime, zone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const candidates = new Set<number>();
  for (const probe of [wall - 86_400_000, wall, wall + 86_400_000]) {
    const offset = wallClockOf(probe, zone) - probe;
    candidates.add(wall - offset);
  }
  const matches = [...candidates].filter((t) => wallClockOf(t, zone) === wall).sort((a, b) => a - b);
  if (matches[0] === undefined) {
    throw usageFailure(
      `--at: ${formatLocalTime(local).replace('T', ' ')} does not exist in ${zone} (a daylight-saving jump skips it); pick another time`,
    );
  }
  return new Date(matches[0]);
}

export function formatLocalTime(local: LocalTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(local.year, 4)}-${p(local.month)}-${p(local.day)}T${p(local.hour)}:${p(local.minute)}:${p(local.second)}`;
}
