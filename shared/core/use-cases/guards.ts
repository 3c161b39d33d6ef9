import type { ResolvedPlan } from '../../plan/types.ts';
import type { CutoverEventTypeValue } from '../../ports/event-sink.ts';
import type { Lease } from '../../ports/lease-store.ts';
import { AbortRequestedError, DriftDetectedError, LeaseLostError, PlanClosedError } from '../errors.ts';
import { toTargetNameWeights } from '../target-weights.ts';
import { sameWeights, type Weights } from '../weights.ts';
import type { CutoverPorts, UseCaseDeps } from './ports.ts';

/**
 * Fencing: a writer re-reads the lease before and after each write; if the lease is no longer ours
 * (the safety net took over with a higher token, or it was released) we stop writing at once.
 */
export async function requireOwnLease(
  deps: Pick<CutoverPorts, 'leases'>,
  plan: ResolvedPlan,
  executionArn: string,
  token: number,
): Promise<Lease> {
  const lease = await deps.leases.read(plan.router.arn);
  if (!lease || lease.released || lease.owner !== executionArn || lease.token !== token) {
    const holder = !lease
      ? 'nobody'
      : `${lease.owner} with token ${lease.token}${lease.released ? ' (released)' : ''}`;
    throw new LeaseLostError(
      `lease ${plan.router.arn}: no longer this execution's; desired owner ${executionArn} token ${token} vs actual ${holder}; ` +
        'stopping without writing — the safety net or another cutover now owns the router',
    );
  }
  return lease;
}

/** Redrive safety: a closed (or never opened) execution refuses every write. */
export async function requireOpenPlan(
  deps: Pick<CutoverPorts, 'ledger'>,
  plan: ResolvedPlan,
  executionArn: string,
): Promise<void> {
  const status = await deps.ledger.status(executionArn);
  if (status !== 'OPEN') {
    throw new PlanClosedError(
      `execution ${executionArn}: plan ${plan.name} is ${status === undefined ? 'not open' : 'closed'}; desired OPEN vs actual ${status ?? 'absent'}; ` +
        'stopping with zero writes — start a new execution to cut over again',
    );
  }
}

/** An operator asked for an abort (`cutover abort`): no forward write may follow, only the rollback. */
export function refuseIfAborted(lease: Lease, subject: string): void {
  const abort = lease.abortRequested;
  if (!abort) return;
  throw new AbortRequestedError(
    `${subject}: abort requested by ${abort.by} at ${abort.at} (${abort.reason}); not writing the next weights — rolling back to the snapshot`,
  );
}

/**
 * Whether live weights are ones this cutover (or its safety net) put there: the last weights it
 * wrote, a write it had started, or the snapshot. Anything else is someone else's: drift.
 */
export function writtenByUs(lease: Lease, live: Weights): boolean {
  const ours = [lease.lastWritten, lease.pendingWrite, lease.snapshot?.weights];
  return ours.some((weights) => weights !== undefined && sameWeights(live, weights));
}

/** The drift baseline: what this cutover last wrote, or the snapshot when it has written nothing yet. */
export function expectedWeights(lease: Lease): Weights | undefined {
  return lease.lastWritten ?? lease.snapshot?.weights;
}

export async function emitEvent(
  deps: Pick<CutoverPorts, 'events'>,
  plan: ResolvedPlan,
  executionArn: string,
  type: CutoverEventTypeValue,
  fields: { step: number | null; before?: Weights | null; after?: Weights | null; reason: string },
): Promise<void> {
  await deps.events.emit({
    type,
    detail: {
      planName: plan.name,
      executionArn,
      step: fields.step,
      weightsBefore: fields.before ? toTargetNameWeights(plan, fields.before) : null,
      weightsAfter: fields.after ? toTargetNameWeights(plan, fields.after) : null,
      reason: fields.reason,
    },
  });
}

/**
 * Drift found: mark it on the lease first, then return the error to throw. If the release after
 * drift later fails for good, the safety net reads this mark and releases without restoring the
 * snapshot over the operator's weights. Best effort: a failed mark must not hide the drift.
 */
export async function driftDetected(
  deps: Pick<UseCaseDeps, 'leases' | 'clock' | 'log'>,
  plan: ResolvedPlan,
  token: number,
  subject: string,
  expected: Weights,
  live: Weights,
): Promise<DriftDetectedError> {
  const targetNames = Object.fromEntries(
    Object.values(plan.targets).map((target) => [target.targetGroupArn, target.name]),
  );
  try {
    await deps.leases.update(plan.router.arn, token, {
      driftDetected: { expected, live, at: deps.clock.now().toISOString(), targetNames },
    });
  } catch (error) {
    deps.log.error(
      'could not mark drift on the lease; the safety net may restore the snapshot if the release fails',
      {
        routerArn: plan.router.arn,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      },
    );
  }
  return new DriftDetectedError(
    subject,
    toTargetNameWeights(plan, expected),
    toTargetNameWeights(plan, live),
  );
}
