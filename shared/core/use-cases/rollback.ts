import type { ResolvedPlan } from '../../plan/types.ts';
import { CutoverEventType } from '../../ports/event-sink.ts';
import type { RouterSnapshot, TrafficRouter } from '../../ports/traffic-router.ts';
import { ErrorName, SnapshotUnrestorableError } from '../errors.ts';
import { failureText } from '../failure-text.ts';
import { healthGate, runGate } from '../gates.ts';
import { targetNameOf, toTargetNameWeights } from '../target-weights.ts';
import { formatWeights, sameWeights } from '../weights.ts';
import { emitEvent, requireOpenPlan, requireOwnLease } from './guards.ts';
import type { CutoverPorts, UseCaseDeps } from './ports.ts';
import type {
  ReportRollbackFailureInput,
  ReportRollbackFailureOutput,
  RollbackInput,
  RollbackOutput,
} from './shapes.ts';

/**
 * The failure path's write: put the snapshot back byte for byte and verify it. Make-before-break:
 * the snapshot's weighted target groups are checked first; if one is short of healthy targets we
 * still restore (it is the known-good state) but say so. Transient failures are thrown for the
 * state machine's long retry; a vanished target group or router is SnapshotUnrestorable (a human
 * must decide — never roll back to an "inferred previous" state).
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
  const flagged = await retreatFindings(plan, snapshot, deps);
  if (flagged.length > 0) deps.log.warn('restoring onto a retreat short of capacity', { flagged });
  await restoreSnapshot(router, snapshot, `router ${plan.router.arn}`);
  await requireOwnLease(deps, plan, executionArn, ref.token);
  await deps.leases.update(plan.router.arn, ref.token, {
    lastWritten: snapshot.weights,
    remove: ['approval'],
  });
  await deps.audit.record({
    at: deps.clock.now().toISOString(),
    planName: plan.name,
    executionArn,
    routerArn: plan.router.arn,
    action: 'rollback',
    token: ref.token,
    before: live,
    after: snapshot.weights,
    who: 'cutover',
    reason: failureText(input.failure),
  });
  deps.metrics.rollback();
  deps.log.info('snapshot restored and verified', { weights: snapshot.weights });
  const note =
    `snapshot restored and verified (${formatWeights(toTargetNameWeights(plan, snapshot.weights))})` +
    (flagged.length > 0 ? `; warning: ${flagged.join('; ')}` : '');
  return { restored: true, flagged, note };
}

/** Healthy-target findings on the snapshot's weighted target groups (empty when all hold the retreat minimum). */
async function retreatFindings(
  plan: ResolvedPlan,
  snapshot: RouterSnapshot,
  deps: CutoverPorts,
): Promise<string[]> {
  const health = deps.healthFor(plan.router);
  const findings: string[] = [];
  for (const [arn, weight] of Object.entries(snapshot.weights)) {
    if (weight <= 0) continue;
    const name = targetNameOf(plan, arn);
    const verdict = await runGate('retreatCapacity', name, async () =>
      healthGate('retreatCapacity', name, await health.health(arn), plan.retreat.minHealthyTargets),
    );
    if (verdict.verdict !== 'pass') findings.push(verdict.reason);
  }
  return findings;
}

/** Writes the snapshot back; a router or target group that no longer exists makes it unrestorable. */
export async function restoreSnapshot(
  router: TrafficRouter,
  snapshot: RouterSnapshot,
  subject: string,
): Promise<void> {
  try {
    await router.restore(snapshot);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === ErrorName.TargetGroupUnavailable || name === ErrorName.RouterUnavailable) {
      throw new SnapshotUnrestorableError(
        `${subject}: snapshot cannot be written back as captured (${(error as Error).message}); desired ${formatWeights(snapshot.weights)} vs actual unknown; ` +
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
  const error =
    input.rollbackError.Error === ErrorName.SnapshotUnrestorable
      ? ErrorName.SnapshotUnrestorable
      : ErrorName.RollbackFailed;
  const why = failureText(input.rollbackError);
  const cause =
    `rollback failed: ${why}; the router may be split — the lease is kept and the safety net keeps retrying; ` +
    `restore by hand if it cannot (original failure: ${failureText(input.failure)})`;
  deps.metrics.rollbackFailed();
  deps.log.error('rollback failed', { error: input.rollbackError.Error });
  await deps.audit.record({
    at: deps.clock.now().toISOString(),
    planName: plan.name,
    executionArn,
    routerArn: plan.router.arn,
    action: 'failed',
    token: ref.token,
    who: 'cutover',
    reason: cause,
  });
  await emitEvent(deps, plan, executionArn, CutoverEventType.RollbackFailed, { step: null, reason: cause });
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
