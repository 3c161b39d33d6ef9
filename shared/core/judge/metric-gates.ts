import type { Gates } from '#plan/types';
import type { MinuteMetrics } from '#ports/metrics-source';
import { formatMs, formatNumber, formatPercent } from '../format.ts';
import type { GateVerdict } from '../gates.ts';
import {
  type ExceedanceMinute,
  exceedanceEvidence,
  latencyConfidence,
  latencyEvidence,
} from './latency-test.ts';
import { logSumExp } from './mixture.ts';
import { absoluteConfidence, absoluteEvidence, relativeConfidence, relativeEvidence } from './rate-tests.ts';
import { type AlignedMinutes, countsOf, totals } from './series.ts';

/** What the judge knows about one destination in one step. */
export interface JudgeInput {
  readonly destinationName: string;
  readonly aligned: AlignedMinutes;
  /** The source serves in this step: relative tests run. */
  readonly sourceServes: boolean;
  /** α of each test (its share of the false-alarm budget). */
  readonly alpha: number;
  readonly plannedMinutes: number;
}

/** Per-minute p99s below this many requests say little about a tail; such minutes are skipped. */
export const MIN_REQUESTS_FOR_P99 = 50;

/** An e-value for people: `41`, `2,000`, `10^12`. */
function fmtEvidence(log: number): string {
  const value = Math.exp(Math.min(log, 700));
  if (value < 10) return formatNumber(value);
  if (value < 1e6) return Math.round(value).toLocaleString('en-US');
  return `10^${Math.floor(Math.log10(value))}`;
}
const fmtCount = (value: number) => Math.round(value).toLocaleString('en-US');

/**
 * The 5XX gate: fails only on evidence (an e-value at or over 1/α) that the destination's rate is
 * over `maxPercent` or `maxRatioToSource` × the source's; inconclusive until `minRequests` requests
 * are published for the step; otherwise pass. `evidence` is the larger e-value of the two tests.
 */
export function judgeErrorRate(config: NonNullable<Gates['errorRate']>, input: JudgeInput): GateVerdict {
  const { destinationName: name, aligned, alpha } = input;
  const destination = totals(aligned.destination);
  const needed = Math.log(1 / alpha);
  const base = {
    gate: 'errorRate' as const,
    judgedThrough: aligned.judgedThrough,
    evidenceNeeded: 1 / alpha,
  };
  if (destination.requests < Math.max(config.minRequests, 1)) {
    return {
      ...base,
      verdict: 'inconclusive',
      observed: null,
      threshold: config.maxPercent,
      evidence: null,
      reason:
        destination.requests === 0
          ? `${name} 5XX: no datapoints yet (no requests, or CloudWatch has not published them)`
          : `${name} 5XX: ${destination.requests} requests < ${config.minRequests} needed`,
    };
  }
  const rate = (destination.errors * 100) / destination.requests;
  const relative = config.maxRatioToSource !== undefined && input.sourceServes;
  const source = totals(aligned.source);
  const counts = countsOf(aligned, relative);
  const absolute = absoluteEvidence(counts, config.maxPercent, input.plannedMinutes, aligned.offset);
  const versus =
    relative && config.maxRatioToSource !== undefined
      ? relativeEvidence(counts, config.maxRatioToSource, input.plannedMinutes, aligned.offset)
      : Number.NEGATIVE_INFINITY;
  const sourceRate = source.requests > 0 ? (source.errors * 100) / source.requests : null;
  const expected = sourceRate === null ? null : (sourceRate * destination.requests) / 100;
  const context =
    `${name} 5XX ${formatPercent(rate)} vs source ${sourceRate === null ? 'n/a' : formatPercent(sourceRate)}, ` +
    `${fmtCount(destination.errors)}${expected === null ? '' : ` vs ${formatNumber(expected)} expected`} in ` +
    `${fmtCount(destination.requests)} requests`;
  const strongest = Math.max(absolute, versus);
  const evidence = `evidence ${fmtEvidence(strongest)}`;
  if (absolute >= needed || versus >= needed) {
    const limit =
      versus >= needed
        ? `> ${formatNumber(config.maxRatioToSource ?? 0)}x source`
        : `> ${formatPercent(config.maxPercent)}`;
    return {
      ...base,
      verdict: 'fail',
      observed: rate,
      threshold:
        versus >= needed && sourceRate !== null
          ? sourceRate * (config.maxRatioToSource ?? 1)
          : config.maxPercent,
      evidence: Math.exp(Math.min(strongest, 700)),
      reason: `${context} ${limit}: ${evidence} >= ${fmtEvidence(needed)} needed`,
    };
  }
  return {
    ...base,
    verdict: 'pass',
    observed: rate,
    threshold: config.maxPercent,
    evidence: Math.exp(strongest),
    reason: `${context}; ${evidence} < ${fmtEvidence(needed)} needed`,
  };
}

/** Per-minute log excess of the destination's p99 over `reference × allowed` (null: no usable minute). */
function excesses(
  destination: readonly (MinuteMetrics | null)[],
  reference: (minute: number) => number | null,
  allowed: number,
): (number | null)[] {
  return destination.map((minute, index) => {
    const ref = reference(index);
    if (
      !minute ||
      minute.p99Ms === null ||
      minute.requests < MIN_REQUESTS_FOR_P99 ||
      ref === null ||
      ref <= 0
    )
      return null;
    return Math.log(minute.p99Ms / (ref * allowed));
  });
}

/** Per minute: did the destination's p95 exceed the allowance (null: no usable minute)? */
function exceedances(
  destination: readonly (MinuteMetrics | null)[],
  allowance: (minute: number) => number | null,
): (ExceedanceMinute | null)[] {
  return destination.map((minute, index) => {
    const limit = allowance(index);
    if (!minute || minute.p95Ms === null || minute.requests < MIN_REQUESTS_FOR_P99 || limit === null)
      return null;
    return { requests: minute.requests, exceeded: minute.p95Ms > limit };
  });
}

/** Both latency tests share a gate's α: the average of two e-processes is one. */
const combined = (a: number, b: number) => logSumExp([a, b]) - Math.log(2);

/**
 * The p99 gate, against `maxMs` and, while the source serves, against the source's p99 of the same
 * minute: a robust sequential t-test of per-minute log p99 (against the source times
 * √maxRatioToSource, the geometric middle between "no worse" and the limit, so a destination at the
 * limit is caught and one no worse than the source is not), averaged with a distribution-free
 * exceedance test that catches a gross regression from one minute.
 */
export function judgeLatency(config: NonNullable<Gates['latencyP99']>, input: JudgeInput): GateVerdict {
  const { destinationName: name, aligned, alpha } = input;
  const needed = Math.log(1 / alpha);
  const base = {
    gate: 'latencyP99' as const,
    judgedThrough: aligned.judgedThrough,
    evidenceNeeded: 1 / alpha,
  };
  const destination = totals(aligned.destination);
  const usable = aligned.destination.filter(
    (m) => m && m.p99Ms !== null && m.requests >= MIN_REQUESTS_FOR_P99,
  );
  if (destination.requests < Math.max(config.minRequests, 1) || usable.length === 0) {
    return {
      ...base,
      verdict: 'inconclusive',
      observed: null,
      threshold: config.maxMs,
      evidence: null,
      reason:
        destination.requests === 0
          ? `${name} p99: no datapoints yet (no requests, or CloudWatch has not published them)`
          : `${name} p99: ${destination.requests} requests, no minute with ${Math.max(config.minRequests, MIN_REQUESTS_FOR_P99)} yet`,
    };
  }
  const worst = Math.max(...usable.map((m) => m?.p99Ms ?? 0));
  const latest = usable[usable.length - 1]?.p99Ms ?? worst;
  const planned = input.plannedMinutes;
  const offset = aligned.offset;
  const absolute = combined(
    latencyEvidence(
      excesses(aligned.destination, () => config.maxMs, 1),
      planned,
    ),
    exceedanceEvidence(
      exceedances(aligned.destination, () => config.maxMs),
      planned,
    ),
  );
  const ratio = config.maxRatioToSource;
  const sourceP99 = (minute: number) => aligned.source[minute]?.p99Ms ?? null;
  const allowed = (minute: number) => {
    const p99 = sourceP99(minute);
    return p99 === null ? null : p99 * (ratio ?? 1);
  };
  const versus =
    ratio !== undefined && input.sourceServes
      ? combined(
          latencyEvidence(excesses(aligned.destination, sourceP99, Math.sqrt(ratio)), planned, offset),
          exceedanceEvidence(exceedances(aligned.destination, allowed), planned, offset),
        )
      : Number.NEGATIVE_INFINITY;
  const sourceLatest = [...aligned.source].reverse().find((m) => m?.p99Ms != null)?.p99Ms ?? null;
  const context = `${name} p99 ${formatMs(latest)} (worst minute ${formatMs(worst)}) vs source ${
    sourceLatest === null ? 'n/a' : formatMs(sourceLatest)
  }, ${usable.length} minutes`;
  const strongest = Math.max(absolute, versus);
  if (strongest >= needed) {
    const limit = versus >= needed ? `> ${formatNumber(ratio ?? 0)}x source` : `> ${formatMs(config.maxMs)}`;
    return {
      ...base,
      verdict: 'fail',
      observed: latest,
      threshold: versus >= needed && sourceLatest !== null ? sourceLatest * (ratio ?? 1) : config.maxMs,
      evidence: Math.exp(Math.min(strongest, 700)),
      reason: `${context} ${limit}: evidence ${fmtEvidence(strongest)} >= ${fmtEvidence(needed)} needed`,
    };
  }
  return {
    ...base,
    verdict: 'pass',
    observed: latest,
    threshold: config.maxMs,
    evidence: Math.exp(strongest),
    reason: `${context}; evidence ${fmtEvidence(strongest)} < ${fmtEvidence(needed)} needed`,
  };
}

/**
 * Whether the step has shown, with the same α, that the destination is no worse than the plan
 * allows (for `bake: { min, max }`): every configured test must be confident.
 */
export function confidentEnough(gates: Gates, input: JudgeInput): boolean {
  const needed = Math.log(1 / input.alpha);
  const { aligned, sourceServes } = input;
  const checks: number[] = [];
  const { errorRate, latencyP99 } = gates;
  if (errorRate) {
    const counts = countsOf(aligned, sourceServes);
    checks.push(
      errorRate.maxRatioToSource !== undefined && sourceServes
        ? Math.min(
            relativeConfidence(counts, errorRate.maxRatioToSource),
            absoluteConfidence(counts, errorRate.maxPercent),
          )
        : absoluteConfidence(counts, errorRate.maxPercent),
    );
  }
  if (latencyP99) {
    const ratio = latencyP99.maxRatioToSource;
    const sourceP99 = (minute: number) => aligned.source[minute]?.p99Ms ?? null;
    checks.push(
      ratio !== undefined && sourceServes
        ? latencyConfidence(excesses(aligned.destination, sourceP99, ratio))
        : latencyConfidence(excesses(aligned.destination, () => latencyP99.maxMs, 1)),
    );
  }
  return checks.length > 0 && checks.every((log) => log >= needed);
}
