import { CutoverEventType } from '#ports/event-sink';
import { PlanClosedError } from '../errors.ts';
import { emitEvent } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';
import type { AcquireLeaseInput, AcquireLeaseOutput } from './shapes.ts';

/**
 * Phase 2: one writer per router. A closed execution (redrive after the end) stops with zero writes;
 * a lease held by another cutover throws LeaseHeld (from the store) with zero writes; a retried
 * invocation that already holds the lease gets the same token back.
 */
export async function acquireLease(input: AcquireLeaseInput, deps: UseCaseDeps): Promise<AcquireLeaseOutput> {
  const { plan, executionArn } = input;
  const status = await deps.ledger.status(executionArn);
  if (status === 'CLOSED') {
    throw new PlanClosedError(
      `execution ${executionArn}: plan ${plan.name} is closed; desired OPEN vs actual CLOSED; stopping with zero writes — start a new execution to cut over again`,
    );
  }
  const now = deps.clock.now();
  const current = await deps.leases.read(plan.router.arn);
  if (current && !current.released && current.owner === executionArn) {
    deps.log.info('lease already held by this execution (retried invocation)', { token: current.token });
    if (status === undefined) await openLedger(input, deps, now);
    return { token: current.token };
  }
  const lease = await deps.leases.acquire({
    routerArn: plan.router.arn,
    owner: executionArn,
    planName: plan.name,
    ttlSeconds: input.settings.leaseTtlSeconds,
    now,
  });
  if (status === undefined) await openLedger(input, deps, now);
  await deps.audit.record({
    at: now.toISOString(),
    planName: plan.name,
    executionArn,
    routerArn: plan.router.arn,
    action: 'started',
    token: lease.token,
    who: 'cutover',
  });
  await emitEvent(deps, plan, executionArn, CutoverEventType.Started, {
    step: null,
    reason: `cutover ${plan.name} started: ${plan.steps.length} steps from ${plan.from} to ${plan.to}`,
  });
  deps.log.info('lease acquired', { token: lease.token });
  return { token: lease.token };
}

async function openLedger(input: AcquireLeaseInput, deps: UseCaseDeps, now: Date): Promise<void> {
  await deps.ledger.open({
    executionArn: input.executionArn,
    planName: input.plan.name,
    routerArn: input.plan.router.arn,
    at: now.toISOString(),
  });
}
