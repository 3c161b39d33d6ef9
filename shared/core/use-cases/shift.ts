import { CutoverEventType } from '#ports/event-sink';
import { GateFailedError } from '../errors.ts';
import { stepLabel } from '../progress.ts';
import { formatHaltReason } from '../reasons.ts';
import { toTargetGroupWeights, toTargetNameWeights } from '../target-weights.ts';
import { formatWeights, sameWeights, type Weights } from '../weights.ts';
import { capacityVerdicts } from './capacity.ts';
import { ensureCapacity } from './capacity-ahead.ts';
import { planDriftScope, requireExpectedWeights, requireNotStale } from './drift-guard.ts';
import { emitEvent, expectedWeights, refuseIfAborted, requireOpenPlan, requireOwnLease } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';
import type { ShiftOutput, StepInput } from './shapes.ts';

/**
 * Writes the current step's weights. Safe to run twice: live == desired is a no-op (a retried
 * invocation whose first attempt wrote and then died records the write it finds); live ≠ what this
 * cutover last wrote is drift (someone else changed them: write nothing). No weight > 0 goes to a
 * target group below its minimum healthy targets. Fencing token and the abort flag are checked before
 * the write (an abort means no forward write at all), the token again after it.
 */
export async function shift(input: StepInput, deps: UseCaseDeps): Promise<ShiftOutput> {
  const { plan, executionArn, lease: ref, progress } = input;
  await requireOpenPlan(deps, plan, executionArn);
  const lease = await requireOwnLease(deps, plan, executionArn, ref.token);
  const step = plan.steps[progress.step];
  if (!step) throw new RangeError(`plan ${plan.name}: no ${stepLabel(progress)}`);
  refuseIfAborted(lease, `${stepLabel(progress)} of plan ${plan.name}`);
  const desired = toTargetGroupWeights(plan, step.weights);
  const router = deps.routerFor(plan.router);
  const live = await router.getWeights();
  const expected = expectedWeights(lease) ?? live;
  const snapshotWeights = lease.snapshot?.weights ?? {};
  const drift = planDriftScope(plan, ref.token, `router ${plan.router.arn} (${stepLabel(progress)})`);

  if (sameWeights(live, desired)) {
    // The shares already match, but the action may not list every plan target group yet (a step
    // that attaches the destination at 0); the router attaches them, or writes nothing.
    const attached = await router.setWeights(desired, { expected: live });
    await requireNotStale(deps, drift, expected, attached);
    if (attached.written) {
      await requireOwnLease(deps, plan, executionArn, ref.token);
      await record(input, deps, live, desired, 'target groups attached at 0');
      return byName(input, true, live, desired);
    }
    if (lease.lastWritten && sameWeights(lease.lastWritten, desired)) {
      deps.log.info('weights already written (retried invocation); nothing to do');
      return byName(input, false, desired, desired);
    }
    // An earlier attempt wrote and died before recording it: record it now, once.
    await record(input, deps, expected, desired, 'write found on retry');
    return byName(input, false, expected, desired);
  }
  await requireExpectedWeights(deps, drift, expected, live);
  const capacity = await capacityVerdicts(plan, desired, snapshotWeights, deps.healthFor(plan.router));
  const refused = capacity.find((verdict) => verdict.verdict !== 'pass');
  if (refused) {
    deps.metrics.gateFailure(refused.gate);
    throw new GateFailedError(
      formatHaltReason(
        progress,
        `${refused.reason}; weights not written`,
        plan.onFailure === 'pause' ? 'pause' : 'rollback',
      ),
    );
  }
  await ensureCapacity(input, step.weights, snapshotWeights, deps);
  // Scale ahead may have waited: whoever took the lease meanwhile (abort, safety net) now owns the router.
  if (plan.capacity?.scaleAhead) await requireOwnLease(deps, plan, executionArn, ref.token);
  // Last look before the write, and its intent on record: the update is conditional on our token,
  // and what it returns says whether an abort arrived while the capacity was being checked.
  const intent = await deps.leases.update(plan.router.arn, ref.token, { pendingWrite: desired });
  refuseIfAborted(intent, `${stepLabel(progress)} of plan ${plan.name}`);
  // The router writes only if the weights are still the ones read above: an operator's edit since
  // then comes back as stale (nothing written) and is drift, marked like any other.
  const result = await router.setWeights(desired, { expected: live });
  await requireNotStale(deps, drift, expected, result);
  await requireOwnLease(deps, plan, executionArn, ref.token);
  await record(input, deps, result.before, desired, undefined);
  return byName(input, result.written, result.before, desired);
}

async function record(
  input: StepInput,
  deps: UseCaseDeps,
  before: Weights,
  after: Weights,
  note: string | undefined,
): Promise<void> {
  const { plan, executionArn, lease: ref, progress } = input;
  await deps.leases.update(plan.router.arn, ref.token, { lastWritten: after, remove: ['approval'] });
  const at = deps.clock.now().toISOString();
  const reason = `${stepLabel(progress)}: ${formatWeights(toTargetNameWeights(plan, after))}${note ? ` (${note})` : ''}`;
  await deps.audit.record({
    at,
    planName: plan.name,
    executionArn,
    routerArn: plan.router.arn,
    action: 'shift',
    token: ref.token,
    before,
    after,
    who: 'cutover',
    reason,
  });
  await emitEvent(deps, plan, executionArn, CutoverEventType.StepStarted, {
    step: progress.step,
    before,
    after,
    reason,
  });
  deps.log.info('weights written', { before, after });
}

function byName(input: StepInput, written: boolean, before: Weights, after: Weights): ShiftOutput {
  return {
    written,
    before: toTargetNameWeights(input.plan, before),
    after: toTargetNameWeights(input.plan, after),
  };
}
