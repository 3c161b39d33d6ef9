import type { AlarmState } from '#ports/alarm-source';
import type { TargetHealthCounts } from '#ports/target-health';
import type { Readiness } from '#ports/target-platform';
import { ErrorName } from './errors.ts';

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
  | 'platformReadiness'
  | 'probe'
  | 'observedSplit';

export interface GateVerdict {
  readonly gate: GateName;
  readonly verdict: Verdict;
  /** What was measured (a count, a percent, milliseconds, an alarm state), or null when nothing was. */
  readonly observed: number | string | null;
  readonly threshold: number | string | null;
  /** One line, e.g. `ecs 5XX 2.4% > 1% (source 0.3%, 1812 requests)`. */
  readonly reason: string;
  /** Sequential tests (5XX, p99): the e-value reached and the one that fails the gate. */
  readonly evidence?: number | null;
  readonly evidenceNeeded?: number;
  /** Sequential tests: end (epoch ms) of the newest minute judged for every series read, or null. */
  readonly judgedThrough?: number | null;
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
