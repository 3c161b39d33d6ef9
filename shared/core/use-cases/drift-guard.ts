import type { ResolvedPlan } from '#plan/types';
import type { DriftRecord, Lease } from '#ports/lease-store';
import type { RestoreResult, WriteResult } from '#ports/traffic-router';
import { DriftDetectedError } from '../errors.ts';
import { byTargetName, type TargetNames, targetNamesOf } from '../target-weights.ts';
import { sameWeights, type Weights } from '../weights.ts';
import { expectedWeights, writtenByUs } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';

/**
 * Drift is decided here and nowhere else. Routers only report the live weights (and whether a
 * conditional write found what it was told to expect); this guard compares, marks the drift on the
 * lease, and hands back the error to throw. The safety net uses the same comparison and mark.
 */

export interface DriftScope {
  readonly routerArn: string;
  /** The fencing token the mark is written with (the cutover's, or the safety net's after take-over). */
  readonly token: number;
  /** What messages name: `router arn:… (step 2 of 5)`. */
  readonly subject: string;
  readonly targetNames: TargetNames;
}

type DriftDeps = Pick<UseCaseDeps, 'leases' | 'clock' | 'log'>;

export function planDriftScope(plan: ResolvedPlan, token: number, subject: string): DriftScope {
  return { routerArn: plan.router.arn, token, subject, targetNames: targetNamesOf(plan) };
}

/** Live weights this cutover (or its safety net) did not put there, with what it expected instead. */
export function driftFrom(lease: Lease, live: Weights): { expected: Weights; live: Weights } | undefined {
  if (writtenByUs(lease, live)) return undefined;
  return { expected: expectedWeights(lease) ?? live, live };
}

/**
 * Drift found: mark it on the lease first, then return the error to throw. If the release after
 * drift later fails for good, the safety net reads this mark and releases without restoring the
 * snapshot over the operator's weights. Best effort: a failed mark must not hide the drift.
 */
export async function markDrift(
  deps: DriftDeps,
  scope: DriftScope,
  expected: Weights,
  live: Weights,
): Promise<DriftDetectedError> {
  await recordDrift(deps, scope, expected, live);
  return new DriftDetectedError(
    scope.subject,
    byTargetName(expected, scope.targetNames),
    byTargetName(live, scope.targetNames),
  );
}

/** The mark itself, for the safety net (which releases instead of throwing). */
export async function recordDrift(
  deps: DriftDeps,
  scope: DriftScope,
  expected: Weights,
  live: Weights,
): Promise<DriftRecord> {
  const record: DriftRecord = {
    expected,
    live,
    at: deps.clock.now().toISOString(),
    targetNames: scope.targetNames,
  };
  try {
    await deps.leases.update(scope.routerArn, scope.token, { driftDetected: record });
  } catch (error) {
    deps.log.error(
      'could not mark drift on the lease; the safety net may restore the snapshot if the release fails',
      {
        routerArn: scope.routerArn,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      },
    );
  }
  return record;
}

/** Throws (after marking) when the live weights are not the ones expected. */
export async function requireExpectedWeights(
  deps: DriftDeps,
  scope: DriftScope,
  expected: Weights,
  live: Weights,
): Promise<void> {
  if (!sameWeights(live, expected)) throw await markDrift(deps, scope, expected, live);
}

/** Throws (after marking) when the live weights are none this cutover wrote. */
export async function requireWrittenByUs(
  deps: DriftDeps,
  scope: DriftScope,
  lease: Lease,
  live: Weights,
): Promise<void> {
  const drift = driftFrom(lease, live);
  if (drift) throw await markDrift(deps, scope, drift.expected, drift.live);
}

/**
 * After a conditional write: the router found other weights than the ones it was told to expect —
 * someone changed them between our read and the write. Nothing was written; it is drift.
 */
export async function requireNotStale(
  deps: DriftDeps,
  scope: DriftScope,
  expected: Weights,
  result: WriteResult | RestoreResult,
): Promise<void> {
  if ('stale' in result && result.stale) throw await markDrift(deps, scope, expected, result.before);
  if ('restored' in result && !result.restored) throw await markDrift(deps, scope, expected, result.live);
}

/** The drift comparison for the `complete` and gate-poll paths, by plan (kept for their call sites). */
export async function driftDetected(
  deps: DriftDeps,
  plan: ResolvedPlan,
  token: number,
  subject: string,
  expected: Weights,
  live: Weights,
): Promise<DriftDetectedError> {
  return markDrift(deps, planDriftScope(plan, token, subject), expected, live);
}
