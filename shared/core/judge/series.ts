import type { MinuteMetrics } from '#ports/metrics-source';
import type { CountsMinute } from './rate-tests.ts';

export const MINUTE_MS = 60_000;

/**
 * The judge reads at most this many of a step's latest minutes per poll (one GetMetricData call of
 * bounded size, bounded work per poll on a day-long bake). Dropping older start minutes only lowers
 * the statistic, so the false-alarm guarantee holds.
 */
export const LOOKBACK_MINUTES = 120;

/** The step's minutes side by side: destination and source, by minute start, from the step's first. */
export interface AlignedMinutes {
  /** Epoch ms of the first minute read (the step's first, or the start of the look-back window). */
  readonly firstMinute: number;
  /** The step-minute index of the first minute read (0 unless the step outlasts the look-back). */
  readonly offset: number;
  readonly destination: readonly (MinuteMetrics | null)[];
  readonly source: readonly (MinuteMetrics | null)[];
  /** End (epoch ms) of the newest minute published for every series the judge reads, or null. */
  readonly judgedThrough: number | null;
}

/**
 * Lines the per-minute datapoints up by minute. A minute CloudWatch has no datapoint for is null:
 * ALB publishes nothing for a minute without requests, and nothing yet for a recent one.
 */
export function alignMinutes(
  stepFirstMinute: number,
  firstMinute: number,
  destination: readonly MinuteMetrics[],
  source: readonly MinuteMetrics[] | undefined,
): AlignedMinutes {
  const index = (minute: MinuteMetrics) => Math.round((minute.start - firstMinute) / MINUTE_MS);
  const newest = (series: readonly MinuteMetrics[]) =>
    series.reduce((max, minute) => Math.max(max, index(minute)), -1);
  const length = Math.max(newest(destination), source ? newest(source) : -1) + 1;
  const place = (series: readonly MinuteMetrics[] | undefined) => {
    const row = new Array<MinuteMetrics | null>(Math.max(length, 0)).fill(null);
    for (const minute of series ?? []) {
      const at = index(minute);
      if (at >= 0 && at < row.length) row[at] = minute;
    }
    return row;
  };
  const covered = [newest(destination), ...(source ? [newest(source)] : [])];
  const through = Math.min(...covered);
  return {
    firstMinute,
    offset: Math.round((firstMinute - stepFirstMinute) / MINUTE_MS),
    destination: place(destination),
    source: place(source),
    judgedThrough: through < 0 ? null : firstMinute + (through + 1) * MINUTE_MS,
  };
}

export function countsOf(aligned: AlignedMinutes, withSource: boolean): CountsMinute[] {
  return aligned.destination.map((destination, minute) => {
    const source = withSource ? (aligned.source[minute] ?? null) : null;
    return {
      destination: destination ? { requests: destination.requests, errors: destination.errors5xx } : null,
      source: source ? { requests: source.requests, errors: source.errors5xx } : null,
    };
  });
}

export interface Totals {
  readonly requests: number;
  readonly errors: number;
}

export function totals(series: readonly (MinuteMetrics | null)[]): Totals {
  let requests = 0;
  let errors = 0;
  for (const minute of series) {
    requests += minute?.requests ?? 0;
    errors += minute?.errors5xx ?? 0;
  }
  return { requests, errors };
}
