import type { ResolvedPlan } from '#plan/types';
import { CutoverEventType } from '#ports/event-sink';
import type { Lease } from '#ports/lease-store';
import type { TargetHealthCounts } from '#ports/target-health';
import type { RestoreResult, RouterSnapshot, TrafficRouter } from '#ports/traffic-router';
import { ErrorName, RetreatUnavailableError, SnapshotUnrestorableError } from '../errors.ts';
import { failureText } from '../failure-text.ts';
import { healthGate } from '../gates.ts';
import { targetNameOf, toTargetNameWeights } from '../target-weights.ts';
import { formatWeights, sameWeights } from '../weights.ts';
import { mayBeDead } from './capacity.ts';
import { type DriftScope, planDriftScope, requireNotStale, requireWrittenByUs } from './drift-guard.ts';
import { emitEvent, expectedWeights, ourWeights, requireOpenPlan, requireOwnLease } from './guards.ts';
import type { CutoverPorts, UseCaseDeps } from './ports.ts';
import type {
  ReportRollbackFailureInput,
  ReportRollbackFailureOutput,
  RollbackInput,
  RollbackOutput,
} from './shapes.ts';
import { writeRollbackStep } from './stepped-rollback.ts';

/**
 * The failure path's write: put the snapshot back byte for byte and verify it. Never overrule a
 * human: live weights that this cutover did not write are drift (announce, release, write nothing).
 * Make-before-break: a snapshot target with weight and no healthy target cannot take the traffic, so
 * the weights are held and a human paged (RetreatUnavailable); one merely short of the retreat
 * minimum is restored onto (it is the known-good state) with a warning. Transient failures are
 * thrown for the state machine's long retry; a vanished target group or router is
 * SnapshotUnrestorable (a human must decide — never roll back to an "inferred previous" state).
 */
export async function rollback(input: RollbackInput, deps: UseCaseDeps): Promise<RollbackOutput> {
  const { plan, executionArn, lease: ref } = input;
  await requireOpenPlan(deps, plan, executionArn);
  const lease = await requireOwnLease(deps, plan, executionArn, ref.token);
  const snapshot = lease.snapshot;
  if (!snapshot) return { restored: false, flagged: [], note: 'no snapshot was taken; nothing was written' };
  const router = deps.routerFor(plan.router);
  const live = await router.getWeights();
  if (!lease.lastWritten && sameWeights(live, snapshot.weights)) {
    return { restored: false, flagged: [], note: 'nothing was written; the router is still at the snapshot' };
  }
  const subject = `router ${plan.router.arn} (rollback)`;
  const drift = planDriftScope(plan, ref.token, subject);
  await requireWrittenByUs(deps, drift, lease, live);
  const findings = await retreatFindings(plan, snapshot, deps);
  if (!sameWeights(live, snapshot.weights) && findings.dead.length > 0) {
    throw new RetreatUnavailableError(
      `${subject}: holding the weights at ${formatWeights(toTargetNameWeights(plan, live))} instead of restoring ` +
        `${formatWeights(toTargetNameWeights(plan, snapshot.weights))}: ${findings.dead.join('; ')} — the way back cannot take the traffic; ` +
        'bring it back (then `cutover release` and start again) or move the traffic by hand; the lease is kept',
    );
  }
  const flagged = findings.short;
  // Opt-in (plan `rollback`): the next write may be a rollback step rather than the snapshot.
  const stepped = await writeRollbackStep(input, { lease, router, live, snapshot, flagged }, deps);
  if (stepped) return stepped;
  if (flagged.length > 0) deps.log.warn('restoring onto a retreat short of capacity', { flagged });
  await restoreSnapshot(router, snapshot, lease, { deps, scope: drift });
  await requireOwnLease(deps, plan, executionArn, ref.token);
  await deps.leases.update(plan.router.arn, ref.token, {
    lastWritten: snapshot.weights,
    remove: ['approval'],
  });
  await recordQuietly(deps, {
    at: deps.clock.now().toISOString(),
    planName: plan.name,
    executionArn,
    routerArn: plan.router.arn,
    action: 'rollback',
    token: ref.token,
    before: live,
    after: snapshot.weights,
    who: 'cutover',
    reason: failureText(input.failure) + skippedText(input),
  });
  deps.metrics.rollback();
  deps.log.info('snapshot restored and verified', { weights: snapshot.weights });
  const note =
    `snapshot restored and verified (${formatWeights(toTargetNameWeights(plan, snapshot.weights))})` +
    (flagged.length > 0 ? `; warning: ${flagged.join('; ')}` : '');
  return { restored: true, flagged, note };
}

/** Why a stepped rollback skipped its remaining steps, for the audit record (empty otherwise). */
function skippedText(input: RollbackInput): string {
  const skip = input.skipSteps;
  if (!skip) return '';
  return `; remaining rollback steps skipped: ${skip.reason ?? failureText({ Error: skip.Error ?? 'Error', ...(skip.Cause ? { Cause: skip.Cause } : {}) })}`;
}

/**
 * An audit record that cannot be written must not undo what it records: after a verified restore
 * (or before a page) the failure is logged for the operator, and the run goes on.
 */
async function recordQuietly(deps: UseCaseDeps, entry: Parameters<UseCaseDeps['audit']['record']>[0]) {
  try {
    await deps.audit.record(entry);
  } catch (error) {
    deps.log.error('audit record not written', {
      action: entry.action,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
}

/**
 * Health of the snapshot's weighted target groups: `dead` (no healthy target: it cannot take the
 * traffic) and `short` (alive but below the retreat minimum). An emergency retreat's source is
 * never below its minimum (it has none), but dead it still cannot take traffic back.
 */
async function retreatFindings(
  plan: ResolvedPlan,
  snapshot: RouterSnapshot,
  deps: CutoverPorts,
): Promise<{ dead: string[]; short: string[] }> {
  const health = deps.healthFor(plan.router);
  const findings = { dead: [] as string[], short: [] as string[] };
  for (const [arn, weight] of Object.entries(snapshot.weights)) {
    if (weight <= 0) continue;
    const name = targetNameOf(plan, arn);
    let counts: TargetHealthCounts;
    try {
      counts = await health.health(arn);
    } catch (error) {
      // Unknown is not dead: the restore itself says whether the target group still exists.
      findings.short.push(
        `${name} health unknown (${error instanceof Error ? error.message : String(error)})`,
      );
      continue;
    }
    if (counts.healthy === 0) {
      findings.dead.push(healthGate('retreatCapacity', name, counts, 1).reason);
      continue;
    }
    const minimum = mayBeDead(plan, name) ? 0 : plan.retreat.minHealthyTargets;
    const enough = healthGate('retreatCapacity', name, counts, minimum);
    if (enough.verdict !== 'pass') findings.short.push(enough.reason);
  }
  return findings;
}

/**
 * Writes the snapshot back, only over weights this cutover put there: an operator's edit since the
 * caller's read is drift (marked, thrown, nothing written). A router or target group that no longer
 * exists makes the snapshot unrestorable.
 */
export async function restoreSnapshot(
  router: TrafficRouter,
  snapshot: RouterSnapshot,
  lease: Lease,
  drift: { readonly deps: UseCaseDeps; readonly scope: DriftScope },
): Promise<void> {
  const result = await restoreOverOurWeights(router, snapshot, lease);
  await requireNotStale(drift.deps, drift.scope, expectedWeights(lease) ?? result.live, result);
}

/** The conditional restore: written only if the router still carries weights of ours (`restored`). */
export async function restoreOverOurWeights(
  router: TrafficRouter,
  snapshot: RouterSnapshot,
  lease: Lease,
): Promise<RestoreResult> {
  try {
    return await router.restore(snapshot, { expected: ourWeights(lease) });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === ErrorName.TargetGroupUnavailable || name === ErrorName.RouterUnavailable) {
      throw new SnapshotUnrestorableError(
        `router ${snapshot.routerArn}: snapshot cannot be written back as captured (${(error as Error).message}); desired ${formatWeights(snapshot.weights)} vs actual unknown; ` +
          'a human must restore the router — the lease is kept so no other cutover starts',
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * When Rollback ran out of retries (or the snapshot is unrestorable): announce it loudly, keep the
 * lease (no other cutover may start; the safety net keeps trying), and hand the Fail state its cause.
 */
export async function reportRollbackFailure(
  input: ReportRollbackFailureInput,
  deps: UseCaseDeps,
): Promise<ReportRollbackFailureOutput> {
  const { plan, executionArn, lease: ref } = input;
  const held = input.rollbackError.Error === ErrorName.RetreatUnavailable;
  const error =
    input.rollbackError.Error === ErrorName.SnapshotUnrestorable || held
      ? (input.rollbackError.Error as 'SnapshotUnrestorable' | 'RetreatUnavailable')
      : ErrorName.RollbackFailed;
  const why = failureText(input.rollbackError);
  const cause = held
    ? `rollback held: ${why} (original failure: ${failureText(input.failure)})`
    : `rollback failed: ${why}; the router may be split — the lease is kept and the safety net keeps retrying; ` +
      `restore by hand if it cannot (original failure: ${failureText(input.failure)})`;
  deps.metrics.rollbackFailed();
  deps.log.error('rollback failed', { error: input.rollbackError.Error });
  // The page first: it must never depend on the audit write (DynamoDB) succeeding.
  await emitEvent(deps, plan, executionArn, CutoverEventType.RollbackFailed, { step: null, reason: cause });
  await recordQuietly(deps, {
    at: deps.clock.now().toISOString(),
    planName: plan.name,
    executionArn,
    routerArn: plan.router.arn,
    action: 'failed',
    token: ref.token,
    who: 'cutover',
    reason: cause,
  });
  return { error, cause };
}

export type RollbackTaskInput =
  | (RollbackInput & { readonly action?: 'restore' })
  | (ReportRollbackFailureInput & { readonly action: 'reportFailure' });
export type RollbackTaskOutput = RollbackOutput | ReportRollbackFailureOutput;

/** The Rollback function serves two states: `Rollback` (restore) and `ReportRollbackFailure`. */
export async function rollbackTask(input: RollbackTaskInput, deps: UseCaseDeps): Promise<RollbackTaskOutput> {
  return input.action === 'reportFailure' ? reportRollbackFailure(input, deps) : rollback(input, deps);
}
