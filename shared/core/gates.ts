import type { Gates } from '../plan/types.ts';
import type { AlarmState } from '../ports/alarm-source.ts';
import type { TargetGroupMetrics } from '../ports/metrics-source.ts';
import type { TargetHealthCounts } from '../ports/target-health.ts';
import type { Readiness } from '../ports/target-platform.ts';
import { ErrorName } from './errors.ts';
import { formatMs, formatNumber, formatPercent } from './format.ts';

/**
 * Health gates as pure functions of what the ports returned. Every gate answers pass, fail or
 * inconclusive — never "pass because there was no data".
 */

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export type GateName =
  | 'minHealthyTargets'
  | 'retreatCapacity'
  | 'errorRate'
  | 'latencyP99'
  | 'alarms'
  | 'platformReadiness';

export interface GateVerdict {
  readonly gate: GateName;
  readonly verdict: Verdict;
  /** What was measured (a count, a percent, milliseconds, an alarm state), or null when nothing was. */
  readonly observed: number | string | null;
  readonly threshold: number | string | null;
  /** One line, e.g. `ecs 5XX 2.4% > 1% (source 0.3%, 1812 requests)`. */
  readonly reason: string;
}

/**
 * Healthy targets of one target group against the minimum it must keep while it has weight. The
 * minimum is the plan's, 0 included: a retreat plan says 0 for a platform that may already be dead
 * (destinations cannot, the schema asks at least 1 of them).
 */
export function healthGate(
  gate: 'minHealthyTargets' | 'retreatCapacity',
  targetName: string,
  counts: TargetHealthCounts,
  minimum: number,
): GateVerdict {
  const required = Math.max(minimum, 0);
  const pass = counts.healthy >= required;
  const why = counts.reasons.length > 0 ? ` (${counts.reasons.join('; ')})` : '';
  // Targets of a group that no listener or rule forwards to are never health-checked (`unused`).
  const hint =
    !pass && counts.unused > 0 && counts.healthy === 0
      ? `; add ${targetName}'s target group to the router's forward action at weight 0 so the ALB health-checks it, then start again`
      : '';
  return {
    gate,
    verdict: pass ? 'pass' : 'fail',
    observed: counts.healthy,
    threshold: required,
    reason: pass
      ? `${targetName} ${counts.healthy} healthy >= ${required}`
      : `${targetName} ${counts.healthy} healthy < ${required} required${why}${hint}`,
  };
}

export interface MetricComparison {
  readonly destinationName: string;
  readonly destination: TargetGroupMetrics | undefined;
  /** The plan's `from` target, for relative thresholds; undefined when not measured. */
  readonly source: TargetGroupMetrics | undefined;
}

function errorPercent(metrics: TargetGroupMetrics | undefined): number | null {
  if (!metrics || metrics.requests === null || metrics.requests <= 0) return null;
  return ((metrics.errors5xx ?? 0) * 100) / metrics.requests;
}

/** Enough requests for a rate to mean something; `null` requests means CloudWatch had no datapoints. */
function sampled(
  metrics: TargetGroupMetrics | undefined,
  minRequests: number,
): TargetGroupMetrics | undefined {
  return metrics !== undefined && metrics.requests !== null && metrics.requests >= Math.max(minRequests, 1)
    ? metrics
    : undefined;
}

/** Fewer destination 5XX than this cannot show a rate worse than the source's (Poisson noise). */
export const MIN_ERRORS_FOR_RATIO = 5;

/**
 * Whether `errors` in `requests` is more than noise above `limitPercent`: at least
 * MIN_ERRORS_FOR_RATIO errors and more than 3 standard deviations (Poisson) above the count the
 * limit allows. Two healthy targets at 0.1% each read "2x" of each other often enough by chance
 * (one stray 5XX at a 1% canary is 0.75%); rehearsing the healthy example found it.
 */
export function significantlyAbove(errors: number, requests: number, limitPercent: number): boolean {
  const allowed = (requests * limitPercent) / 100;
  return errors >= MIN_ERRORS_FOR_RATIO && errors > allowed + 3 * Math.sqrt(allowed);
}

/** ALB 5XX rate of a destination: absolute, and relative to the source over the same minutes. */
export function errorRateGate(config: NonNullable<Gates['errorRate']>, input: MetricComparison): GateVerdict {
  const { destinationName: name, source } = input;
  const threshold = config.maxPercent;
  const destination = sampled(input.destination, config.minRequests);
  if (!destination) {
    const requests = input.destination?.requests ?? null;
    return {
      gate: 'errorRate',
      verdict: 'inconclusive',
      observed: null,
      threshold,
      reason:
        requests === null
          ? `${name} 5XX: no datapoints yet (no requests, or CloudWatch has not published them)`
          : `${name} 5XX: ${requests} requests < ${config.minRequests} needed`,
    };
  }
  const rate = errorPercent(destination) ?? 0;
  const sourceRate = errorPercent(sampled(source, config.minRequests));
  const sourceText = sourceRate === null ? 'source n/a' : `source ${formatPercent(sourceRate)}`;
  const context = `(${sourceText}, ${destination.requests} requests)`;
  if (rate > config.maxPercent) {
    return {
      gate: 'errorRate',
      verdict: 'fail',
      observed: rate,
      threshold,
      reason: `${name} 5XX ${formatPercent(rate)} > ${formatPercent(config.maxPercent)} ${context}`,
    };
  }
  // Relative only when the source has a rate to compare with: a source at 0% makes any error "infinitely worse".
  if (config.maxRatioToSource !== undefined && sourceRate !== null && sourceRate > 0) {
    const limit = sourceRate * config.maxRatioToSource;
    if (rate > limit && significantlyAbove(destination.errors5xx ?? 0, destination.requests ?? 0, limit)) {
      return {
        gate: 'errorRate',
        verdict: 'fail',
        observed: rate,
        threshold: limit,
        reason: `${name} 5XX ${formatPercent(rate)} > ${formatNumber(config.maxRatioToSource)}x source ${context}`,
      };
    }
  }
  return {
    gate: 'errorRate',
    verdict: 'pass',
    observed: rate,
    threshold,
    reason: `${name} 5XX ${formatPercent(rate)} <= ${formatPercent(config.maxPercent)} ${context}`,
  };
}

/** ALB TargetResponseTime p99 of a destination, absolute and relative to the source. */
export function latencyGate(config: NonNullable<Gates['latencyP99']>, input: MetricComparison): GateVerdict {
  const { destinationName: name, source } = input;
  const threshold = config.maxMs;
  const destination = sampled(input.destination, config.minRequests);
  if (!destination || destination.p99Ms === null) {
    const requests = input.destination?.requests ?? null;
    return {
      gate: 'latencyP99',
      verdict: 'inconclusive',
      observed: null,
      threshold,
      reason:
        requests === null || input.destination?.p99Ms === null
          ? `${name} p99: no datapoints yet (no requests, or CloudWatch has not published them)`
          : `${name} p99: ${requests} requests < ${config.minRequests} needed`,
    };
  }
  const p99 = destination.p99Ms;
  const sourceP99 = sampled(source, config.minRequests)?.p99Ms ?? null;
  const context = `(source ${sourceP99 === null ? 'n/a' : formatMs(sourceP99)}, ${destination.requests} requests)`;
  if (p99 > config.maxMs) {
    return {
      gate: 'latencyP99',
      verdict: 'fail',
      observed: p99,
      threshold,
      reason: `${name} p99 ${formatMs(p99)} > ${formatMs(config.maxMs)} ${context}`,
    };
  }
  if (config.maxRatioToSource !== undefined && sourceP99 !== null && sourceP99 > 0) {
    const limit = sourceP99 * config.maxRatioToSource;
    if (p99 > limit) {
      return {
        gate: 'latencyP99',
        verdict: 'fail',
        observed: p99,
        threshold: limit,
        reason: `${name} p99 ${formatMs(p99)} > ${formatNumber(config.maxRatioToSource)}x source ${context}`,
      };
    }
  }
  return {
    gate: 'latencyP99',
    verdict: 'pass',
    observed: p99,
    threshold,
    reason: `${name} p99 ${formatMs(p99)} <= ${formatMs(config.maxMs)} ${context}`,
  };
}

/**
 * CloudWatch alarms: any in ALARM fails; INSUFFICIENT_DATA is inconclusive (no data is never a pass).
 * `failOnInsufficientData: false` is for preflight, where only ALARM blocks a start.
 */
export function alarmsGate(
  states: Readonly<Record<string, AlarmState>>,
  options: { readonly insufficientDataIsInconclusive: boolean } = { insufficientDataIsInconclusive: true },
): GateVerdict {
  const entries = Object.entries(states);
  const inAlarm = entries.filter(([, state]) => state === 'ALARM').map(([name]) => name);
  if (inAlarm.length > 0) {
    return {
      gate: 'alarms',
      verdict: 'fail',
      observed: 'ALARM',
      threshold: 'OK',
      reason: `alarm${inAlarm.length > 1 ? 's' : ''} ${inAlarm.join(', ')} in ALARM`,
    };
  }
  const noData = entries.filter(([, state]) => state === 'INSUFFICIENT_DATA').map(([name]) => name);
  if (noData.length > 0 && options.insufficientDataIsInconclusive) {
    return {
      gate: 'alarms',
      verdict: 'inconclusive',
      observed: 'INSUFFICIENT_DATA',
      threshold: 'OK',
      reason: `alarm${noData.length > 1 ? 's' : ''} ${noData.join(', ')} INSUFFICIENT_DATA`,
    };
  }
  return {
    gate: 'alarms',
    verdict: 'pass',
    observed: 'OK',
    threshold: 'OK',
    reason:
      entries.length === 0 ? 'no alarms configured' : `alarms ${entries.map(([name]) => name).join(', ')} OK`,
  };
}

/** Whether the platform behind a target can take traffic (ECS steady, EKS ACTIVE, ASG InService). */
export function readinessGate(readiness: Readiness): GateVerdict {
  return {
    gate: 'platformReadiness',
    verdict: readiness.ready ? 'pass' : 'fail',
    observed: readiness.ready ? 'ready' : 'not ready',
    threshold: 'ready',
    reason: readiness.ready
      ? `${readiness.target} (${readiness.platform}) ready`
      : `${readiness.target} (${readiness.platform}) not ready: ${readiness.reasons.join('; ') || 'no reason given'}`,
  };
}

/**
 * Runs one gate; a gate that throws is a `fail` (a broken check never passes). An AWS call that
 * failed after the SDK's retries (`AwsTransient`) is `inconclusive` instead: it says nothing about
 * the service, and the inconclusive policy bounds how long we tolerate it.
 */
export async function runGate(
  gate: GateName,
  subject: string,
  check: () => GateVerdict | Promise<GateVerdict>,
): Promise<GateVerdict> {
  try {
    return await check();
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return {
      gate,
      verdict: name === ErrorName.AwsTransient ? 'inconclusive' : 'fail',
      observed: null,
      threshold: null,
      reason: `${subject}: check failed (${name}: ${message})`,
    };
  }
}

export interface CombinedVerdict {
  readonly verdict: Verdict;
  /** The verdict that decided: the first fail, else the first inconclusive, else undefined. */
  readonly deciding: GateVerdict | undefined;
}

/** Any fail fails; otherwise any inconclusive is inconclusive; otherwise pass. */
export function combineVerdicts(verdicts: readonly GateVerdict[]): CombinedVerdict {
  const fail = verdicts.find((verdict) => verdict.verdict === 'fail');
  if (fail) return { verdict: 'fail', deciding: fail };
  const inconclusive = verdicts.find((verdict) => verdict.verdict === 'inconclusive');
  if (inconclusive) return { verdict: 'inconclusive', deciding: inconclusive };
  return { verdict: 'pass', deciding: undefined };
}
