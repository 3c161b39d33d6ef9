import type { ResolvedPlan } from '#plan/types';
import type { CutoverEventTypeValue } from '#ports/event-sink';
import type { Lease } from '#ports/lease-store';
import { AbortRequestedError, LeaseLostError, PlanClosedError } from '../errors.ts';
import { targetNamesOf } from '../target-weights.ts';
import { sameWeights, type Weights } from '../weights.ts';
import { cutoverEvent } from './events.ts';
import type { CutoverPorts } from './ports.ts';

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
  return ourWeights(lease).some((weights) => sameWeights(live, weights));
}

/** Every split this cutover may have put on the router: what a conditional restore may overwrite. */
export function ourWeights(lease: Lease): Weights[] {
  return [lease.lastWritten, lease.pendingWrite, lease.snapshot?.weights].filter(
    (weights): weights is Weights => weights !== undefined,
  );
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
  await deps.events.emit(
    cutoverEvent(type, { ...fields, planName: plan.name, executionArn, targetNames: targetNamesOf(plan) }),
  );
}
