import type { ObservedSplitGate } from '#plan/hook-types';
import type { MinuteMetrics } from '#ports/metrics-source';
import { formatNumber } from '../format.ts';
import type { GateVerdict } from '../gates.ts';
import type { Weights } from '../weights.ts';
import { MINUTE_MS } from './series.ts';

/**
 * Observed split: does the ALB really send each target group the share its weight says?
 *
 * The rule, per step:
 * - Only whole minutes after the write are judged: the minute the weights were written mixes two
 *   splits, and earlier minutes belong to the step before.
 * - A minute is judged once every target group with weight has published it (or a later minute, or
 *   stayed silent while the others published four more: it then served nothing) and carries at least `minRequests`
 *   requests in all; quieter minutes say too little and are skipped (they neither count nor reset).
 * - Sticky sessions keep some clients where the previous weights sent them, so a target's share may
 *   lie anywhere between its weight before the step and its weight in the step.
 * - A target deviates in a minute when its share is outside that range by more than the tolerance
 *   plus four binomial standard deviations of the minute's share: Poisson noise alone does not trip
 *   it, even at low traffic.
 * - The gate fails only after `minutes` consecutive judged minutes with a deviation: one odd minute
 *   (a burst of one client) is not a broken split.
 * Until the first whole minute after the write is published the check says nothing (no verdict);
 * with published minutes but none busy enough it is inconclusive; it never passes without data.
 */

/** Standard deviations of a minute's share that noise may account for. */
export const NOISE_SIGMAS = 4;

export interface SplitInput {
  /** Target name → the per-minute metrics read for the step (missing: no datapoint published). */
  readonly minutes: Readonly<Record<string, readonly MinuteMetrics[]>>;
  /** Percent per target name in this step, and in the weights the router held before it. */
  readonly weights: Weights;
  readonly previousWeights: Weights;
  /** When the step's weights were verified (epoch ms). */
  readonly writtenAt: number;
  readonly config: ObservedSplitGate;
}

export interface SplitDeviation {
  readonly target: string;
  /** Share served, percent. */
  readonly observedPercent: number;
  readonly lowPercent: number;
  readonly highPercent: number;
  readonly requests: number;
}

export interface SplitJudgement {
  /** Undefined: no whole minute after the write published yet (nothing to say). */
  readonly verdict?: GateVerdict;
  readonly judgedMinutes: number;
  /** Consecutive deviating judged minutes, newest last. */
  readonly run: number;
  /** The newest deviation seen, if the newest judged minute deviated. */
  readonly deviation?: SplitDeviation;
}

export function judgeObservedSplit(input: SplitInput): SplitJudgement {
  const { config } = input;
  const names = Object.keys(input.weights);
  const firstMinute = Math.floor(input.writtenAt / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const through = publishedThrough(input, names);
  if (through === undefined || through < firstMinute) return { judgedMinutes: 0, run: 0 };
  const byMinute = indexByMinute(input.minutes);
  // Only the minutes read (the judge's look-back window), not every minute since a days-long bake began.
  const earliest = Math.min(...Object.values(input.minutes).flatMap((series) => series.map((m) => m.start)));
  let judged = 0;
  let run = 0;
  let deviation: SplitDeviation | undefined;
  for (let start = Math.max(firstMinute, earliest); start <= through; start += MINUTE_MS) {
    const requests = names.map((name) => byMinute.get(name)?.get(start) ?? 0);
    const total = requests.reduce((sum, count) => sum + count, 0);
    if (total < config.minRequests) continue;
    judged += 1;
    deviation = worstDeviation(input, names, requests, total);
    run = deviation ? run + 1 : 0;
  }
  const tolerance = `±${formatNumber(config.tolerancePercent)} points`;
  const base = { gate: 'observedSplit' as const, threshold: config.tolerancePercent };
  if (judged === 0) {
    return {
      judgedMinutes: 0,
      run: 0,
      verdict: {
        ...base,
        verdict: 'inconclusive',
        observed: null,
        reason: `observed split: no minute since the write with ${config.minRequests} requests yet`,
      },
    };
  }
  if (run > 0 && deviation) {
    const what = describeDeviation(deviation, tolerance);
    const failing = run >= config.minutes;
    return {
      judgedMinutes: judged,
      run,
      deviation,
      verdict: {
        ...base,
        verdict: failing ? 'fail' : 'pass',
        observed: Number(deviation.observedPercent.toFixed(2)),
        reason: failing
          ? `observed split: ${what} for ${run} consecutive minutes (≥ ${config.minutes})`
          : `observed split: ${what} for ${run} of ${config.minutes} minutes`,
      },
    };
  }
  return {
    judgedMinutes: judged,
    run: 0,
    verdict: {
      ...base,
      verdict: 'pass',
      observed: null,
      reason: `observed split within ${tolerance} of the weights over ${judged} minute${judged === 1 ? '' : 's'}`,
    },
  };
}

export function describeDeviation(deviation: SplitDeviation, tolerance: string): string {
  const { lowPercent: low, highPercent: high } = deviation;
  const range =
    low === high ? `weight ${formatNumber(low)}%` : `weights ${formatNumber(low)}–${formatNumber(high)}%`;
  return `${deviation.target} served ${formatNumber(deviation.observedPercent)}% of ${deviation.requests} requests vs ${range} (${tolerance})`;
}

/**
 * ALB publishes a minute for every group that served requests in it; a group still silent when
 * others have published this many later minutes served nothing (a starved group is a deviation too).
 * Longer than the spread of publication delays (60–180 s), so a group merely published later is never read as silent.
 */
export const SILENT_AFTER_MINUTES = 4;

/** Start of the newest minute every target group with weight has published (or is silent for), if any. */
function publishedThrough(input: SplitInput, names: readonly string[]): number | undefined {
  const newestOf = (name: string) =>
    (input.minutes[name] ?? []).reduce((max, minute) => Math.max(max, minute.start), -1);
  const newestAny = Math.max(-1, ...names.map(newestOf));
  if (newestAny < 0) return undefined;
  let through = newestAny;
  for (const name of names) {
    if ((input.weights[name] ?? 0) === 0) continue;
    through = Math.min(through, Math.max(newestOf(name), newestAny - SILENT_AFTER_MINUTES * MINUTE_MS));
  }
  return through;
}

/** Target name → minute start → requests. */
function indexByMinute(minutes: SplitInput['minutes']): Map<string, Map<number, number>> {
  const index = new Map<string, Map<number, number>>();
  for (const [name, series] of Object.entries(minutes)) {
    index.set(name, new Map(series.map((minute) => [minute.start, minute.requests])));
  }
  return index;
}

function worstDeviation(
  input: SplitInput,
  names: readonly string[],
  requests: readonly number[],
  total: number,
): SplitDeviation | undefined {
  let worst: { excess: number; deviation: SplitDeviation } | undefined;
  names.forEach((name, index) => {
    const share = (requests[index] ?? 0) / total;
    const now = (input.weights[name] ?? 0) / 100;
    const before = (input.previousWeights[name] ?? now * 100) / 100;
    const low = Math.min(now, before);
    const high = Math.max(now, before);
    const nearest = Math.min(Math.max(share, low), high);
    const noise = NOISE_SIGMAS * Math.sqrt(Math.max(nearest * (1 - nearest), 1 / total) / total);
    const excess = Math.abs(share - nearest) - input.config.tolerancePercent / 100 - noise;
    if (excess <= 0 || (worst && worst.excess >= excess)) return;
    worst = {
      excess,
      deviation: {
        target: name,
        observedPercent: share * 100,
        lowPercent: low * 100,
        highPercent: high * 100,
        requests: total,
      },
    };
  });
  return worst?.deviation;
}
