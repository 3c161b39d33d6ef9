import type { Gates, SteppedRollback } from '#plan/types';
import type { MinuteMetrics } from '#ports/metrics-source';
import { combineVerdicts, type GateVerdict } from './gates.ts';

/**
 * Stepped rollback, decided purely: which rollback step comes next, what weights it writes, and
 * what one poll of the source's gates means. All weights here are keyed by target group ARN.
 */

export interface RollbackStepChoice {
  /** Percent on the destination (`to`) this step writes. */
  readonly percent: number;
  /** 0-based position in `rollback.steps`. */
  readonly index: number;
}

/**
 * The next rollback step: the highest one strictly below the share the destination holds now and
 * strictly above its share in the snapshot. None left (the 0 step, or a failure at a share below
 * every step) means the next write is the snapshot itself.
 */
export function nextRollbackStep(
  rollback: SteppedRollback,
  destinationArn: string,
  live: Readonly<Record<string, number>>,
  snapshot: Readonly<Record<string, number>>,
): RollbackStepChoice | undefined {
  const now = live[destinationArn] ?? 0;
  const floor = snapshot[destinationArn] ?? 0;
  const index = rollback.steps.findIndex((percent) => percent < now && percent > floor);
  const percent = rollback.steps[index];
  return percent === undefined ? undefined : { percent, index };
}

/**
 * The weights of a rollback step: `percent` on the destination, the rest shared among the
 * snapshot's other target groups in the snapshot's proportions (so each step is on the straight
 * way to the snapshot), any group the snapshot does not weight at 0. Integers summing to 100.
 */
export function rollbackStepWeights(
  snapshot: Readonly<Record<string, number>>,
  live: Readonly<Record<string, number>>,
  destinationArn: string,
  percent: number,
): Record<string, number> {
  const others = Object.entries(snapshot).filter(([arn, weight]) => arn !== destinationArn && weight > 0);
  const otherTotal = others.reduce((sum, [, weight]) => sum + weight, 0);
  if (otherTotal <= 0) {
    throw new RangeError(
      `rollback step ${percent}%: the snapshot weights nothing but the destination; desired a share for the way back vs actual none; restore the snapshot instead`,
    );
  }
  const weights: Record<string, number> = {};
  for (const arn of [...Object.keys(live), ...Object.keys(snapshot)]) weights[arn] = 0;
  weights[destinationArn] = percent;
  const rest = 100 - percent;
  const exact = others.map(([arn, weight]) => ({ arn, share: (weight * rest) / otherTotal }));
  for (const { arn, share } of exact) weights[arn] = Math.floor(share);
  // Largest remainder: the points lost to rounding go to the largest fractions, first listed first.
  let missing = rest - exact.reduce((sum, { share }) => sum + Math.floor(share), 0);
  const byFraction = [...exact].sort((a, b) => (b.share % 1) - (a.share % 1));
  for (const { arn } of byFraction) {
    if (missing <= 0) break;
    weights[arn] = (weights[arn] ?? 0) + 1;
    missing -= 1;
  }
  return weights;
}

/**
 * The source's 5XX rate over the minutes of a rollback step against the plan's absolute limit
 * (`errorRate.maxPercent`). No ratio to anything: the source is where traffic is going back to, and
 * there is no better platform to compare it with. Fewer requests than `minRequests` is inconclusive.
 */
export function sourceErrorVerdict(
  limit: NonNullable<Gates['errorRate']>,
  sourceName: string,
  minutes: readonly MinuteMetrics[],
): GateVerdict {
  const requests = minutes.reduce((sum, minute) => sum + minute.requests, 0);
  const errors = minutes.reduce((sum, minute) => sum + minute.errors5xx, 0);
  if (requests < limit.minRequests) {
    return {
      gate: 'errorRate',
      verdict: 'inconclusive',
      observed: null,
      threshold: limit.maxPercent,
      reason: `${sourceName} 5XX: ${requests} requests < ${limit.minRequests} needed`,
    };
  }
  const percent = (errors / requests) * 100;
  const fail = percent > limit.maxPercent;
  return {
    gate: 'errorRate',
    verdict: fail ? 'fail' : 'pass',
    observed: round(percent),
    threshold: limit.maxPercent,
    reason: `${sourceName} 5XX ${round(percent)}% ${fail ? '>' : '<='} ${limit.maxPercent}% (${requests} requests)`,
  };
}

/**
 * The source's worst published minute p99 (among minutes with at least `minRequests` requests)
 * against `latencyP99.maxMs`. A single minute suffices: a failure only skips to the snapshot, which
 * is where the rollback ends anyway.
 */
export function sourceLatencyVerdict(
  limit: NonNullable<Gates['latencyP99']>,
  sourceName: string,
  minutes: readonly MinuteMetrics[],
): GateVerdict {
  const counted = minutes.filter((minute) => minute.p99Ms !== null && minute.requests >= limit.minRequests);
  if (counted.length === 0) {
    return {
      gate: 'latencyP99',
      verdict: 'inconclusive',
      observed: null,
      threshold: limit.maxMs,
      reason: `${sourceName} p99: no minute with ≥ ${limit.minRequests} requests published yet`,
    };
  }
  const worst = Math.max(...counted.map((minute) => minute.p99Ms ?? 0));
  const fail = worst > limit.maxMs;
  return {
    gate: 'latencyP99',
    verdict: fail ? 'fail' : 'pass',
    observed: round(worst),
    threshold: limit.maxMs,
    reason: `${sourceName} p99 ${round(worst)}ms ${fail ? '>' : '<='} ${limit.maxMs}ms`,
  };
}

/**
 * `bake`: hold the step and poll again; `next`: the step baked, go to the next one (or the
 * snapshot); `restore`: skip the remaining steps and restore the snapshot now — the source failed
 * a gate, the destination has no healthy target left, or an operator asked to abort. Inconclusive
 * never holds the way back: at the end of the bake the rollback goes on (a destination that already
 * failed is no place to wait for data).
 */
export type RollbackPollDecision = 'bake' | 'next' | 'restore';

export function decideRollbackPoll(opts: {
  readonly verdicts: readonly GateVerdict[];
  readonly bakedSeconds: number;
  readonly bakeSeconds: number;
  readonly stepLabel: string;
  readonly abortedBy?: string;
  /** Why the destination cannot serve the step's share (no healthy target), when it cannot. */
  readonly destinationDead?: string;
}): { readonly decision: RollbackPollDecision; readonly reason: string } {
  const { verdicts, bakedSeconds, bakeSeconds, stepLabel } = opts;
  if (opts.destinationDead !== undefined) {
    return {
      decision: 'restore',
      reason: `${stepLabel}: ${opts.destinationDead} (every request of its share fails); skipping the remaining rollback steps and restoring the snapshot`,
    };
  }
  if (opts.abortedBy !== undefined) {
    return {
      decision: 'restore',
      reason: `${stepLabel}: abort requested by ${opts.abortedBy}; skipping the remaining rollback steps and restoring the snapshot`,
    };
  }
  const combined = combineVerdicts(verdicts);
  if (combined.verdict === 'fail' && combined.deciding) {
    return {
      decision: 'restore',
      reason: `${stepLabel}: source failed ${combined.deciding.gate} (${combined.deciding.reason}); skipping the remaining rollback steps and restoring the snapshot`,
    };
  }
  if (bakedSeconds >= bakeSeconds) {
    return {
      decision: 'next',
      reason: `${stepLabel} held ${Math.round(bakedSeconds)}s; source gates ${combined.verdict}`,
    };
  }
  return { decision: 'bake', reason: '' };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
