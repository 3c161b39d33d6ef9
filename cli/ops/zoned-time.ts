import { isTimeZone, resolveWallTime, wallTimeAt } from '#core/zoned-time';
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
  if (isTimeZone(zone)) return zone;
  throw usageFailure(`--tz: '${zone}' is not an IANA time zone; e.g. Asia/Tokyo, Europe/Berlin, UTC`);
}

export interface ScheduledLocalTime {
  /** The instant the schedule fires. */
  readonly instant: Date;
  /** The wall time to hand EventBridge Scheduler: the one asked for, or the one after a DST gap. */
  readonly local: LocalTime;
  /** Why `local` differs from what was asked (or which of two 01:30s is meant); absent when exact. */
  readonly note?: string;
}

/**
 * The instant a local wall-clock time in `zone` names, resolved by `shared/core/zoned-time.ts`: a
 * time skipped by a daylight-saving jump moves forward past the gap (Scheduler would skip a time
 * that does not exist, so the moved wall time is what gets scheduled); a repeated one is the first.
 */
export function scheduledLocalTime(asked: LocalTime, zone: string): ScheduledLocalTime {
  const { instant, resolution } = resolveWallTime(asked, zone);
  if (resolution === 'exact') return { instant, local: asked };
  const local = wallTimeAt(instant, zone);
  const shown = (time: LocalTime) => formatLocalTime(time).replace('T', ' ');
  const note =
    resolution === 'skipped'
      ? `${shown(asked)} does not exist in ${zone} (a daylight-saving jump skips it); moved forward to ${shown(local)}`
      : `${shown(asked)} happens twice in ${zone} (clocks go back); the first one, ${instant.toISOString()}, is meant`;
  return { instant, local, note };
}

/** The instant of `scheduledLocalTime`. */
export function instantOf(local: LocalTime, zone: string): Date {
  return scheduledLocalTime(local, zone).instant;
}

export function formatLocalTime(local: LocalTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(local.year, 4)}-${p(local.month)}-${p(local.day)}T${p(local.hour)}:${p(local.minute)}:${p(local.second)}`;
}
