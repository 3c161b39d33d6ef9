import type { AuditAction } from '#ports/audit-log';
import { CutoverEventType, type CutoverEventTypeValue } from '#ports/event-sink';
import type { Lease } from '#ports/lease-store';
import { ErrorName, LeaseLostError } from '../errors.ts';
import { failureText } from '../failure-text.ts';
import { toTargetGroupWeights, toTargetNameWeights } from '../target-weights.ts';
import { formatWeights, sameWeights } from '../weights.ts';
import { driftDetected } from './drift-guard.ts';
import { emitEvent, expectedWeights } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';
import type { CompleteInput, CompleteOutput } from './shapes.ts';
import { closeTestRoute } from './test-route.ts';

const OUTCOME = {
  succeeded: { outcome: 'succeeded', audit: 'succeeded', event: CutoverEventType.Succeeded },
  rolledBack: { outcome: 'rolled_back', audit: 'rolled_back', event: CutoverEventType.RolledBack },
  drift: { outcome: 'drift', audit: 'drift', event: CutoverEventType.DriftDetected },
} as const satisfies Record<
  CompleteInput['mode'],
  { outcome: CompleteOutput['outcome']; audit: AuditAction; event: CutoverEventTypeValue }
>;

/**
 * The end of every path that owns its lease: close the execution in the ledger (a redrive then
 * finds it closed), release the lease, one audit record and the outcome event. Safe to retry: a
 * retried invocation finds its own lease already released and finishes the remaining work.
 * `succeeded` first checks the router still shows the final weights (else drift).
 */
export async function complete(input: CompleteInput, deps: UseCaseDeps): Promise<CompleteOutput> {
  const { plan, executionArn, lease: ref, mode } = input;
  const lease = await ownLeaseEvenIfReleased(input, deps);
  const live = await deps.routerFor(plan.router).getWeights();
  const expected = expectedWeights(lease) ?? live;
  let cause: string;
  if (mode === 'succeeded') {
    const last = plan.steps[plan.steps.length - 1];
    const final = last ? toTargetGroupWeights(plan, last.weights) : live;
    if (!sameWeights(live, final)) {
      throw await driftDetected(deps, plan, ref.token, `router ${plan.router.arn} (complete)`, final, live);
    }
    cause =
      plan.kind === 'retreat-drill'
        ? `retreat drill ${plan.name} passed: the way back to ${plan.to} worked (gates passing) and every weight is back: ${formatWeights(toTargetNameWeights(plan, live))}; the way back last worked at ${deps.clock.now().toISOString()}`
        : `cutover ${plan.name} succeeded: ${formatWeights(toTargetNameWeights(plan, live))}, verified, gates passing`;
  } else if (mode === 'rolledBack') {
    const why = failureText(input.failure);
    cause = `${why}${input.rollback ? ` — ${input.rollback.note}` : ''}`;
  } else {
    cause =
      `${input.failure ? failureText(input.failure) : 'weights changed outside this cutover'} — expected ${formatWeights(toTargetNameWeights(plan, expected))}, ` +
      `live ${formatWeights(toTargetNameWeights(plan, live))}; nothing was written, lease released; restoring is a human decision (\`cutover preview\`)`;
    deps.metrics.driftDetected();
  }
  const now = deps.clock.now().toISOString();
  const { outcome, audit, event } = OUTCOME[mode];
  if (!lease.released) {
    // Every ending removes the test route before the lease goes: once released, nobody would.
    await closeTestRoute({ lease, token: ref.token, executionArn, who: 'cutover' }, deps);
    // The release is the commit point: a retry before it repeats the record and event (at least once), never loses them.
    await deps.ledger.close({ executionArn, outcome, at: now });
    await deps.audit.record({
      at: now,
      planName: plan.name,
      executionArn,
      routerArn: plan.router.arn,
      action: audit,
      token: ref.token,
      ...(mode === 'drift' ? { before: expected, after: live } : {}),
      who: 'cutover',
      reason: cause,
    });
    const step = input.progress?.step ?? null;
    await emitEvent(
      deps,
      plan,
      executionArn,
      event,
      mode === 'drift'
        ? { step, before: expected, after: live, reason: cause }
        : { step, before: null, after: live, reason: cause },
    );
    await deps.leases.release(plan.router.arn, ref.token);
  }
  deps.log.info(`cutover ${outcome}`, { outcome });
  const error =
    mode === 'succeeded'
      ? ''
      : mode === 'drift'
        ? ErrorName.DriftDetected
        : (input.failure?.Error ?? ErrorName.GateFailed);
  return {
    outcome,
    planName: plan.name,
    executionArn,
    finalWeights: toTargetNameWeights(plan, live),
    error,
    cause,
  };
}

/** This execution's lease, released or not (a retry after release must still finish). */
async function ownLeaseEvenIfReleased(input: CompleteInput, deps: UseCaseDeps): Promise<Lease> {
  const lease = await deps.leases.read(input.plan.router.arn);
  if (!lease || lease.owner !== input.executionArn || lease.token !== input.lease.token) {
    throw new LeaseLostError(
      `lease ${input.plan.router.arn}: no longer this execution's; desired owner ${input.executionArn} token ${input.lease.token} vs actual ${lease ? `${lease.owner} token ${lease.token}` : 'nobody'}; ` +
        'stopping — the safety net or another cutover now owns the router',
    );
  }
  return lease;
}
