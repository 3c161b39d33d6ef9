import { CutoverError, ErrorName } from '../errors.ts';
import { targetNamesOf, toTargetNameWeights } from '../target-weights.ts';
import { requireOpenPlan, requireOwnLease } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';
import type { LeasedInput, SnapshotOutput } from './shapes.ts';

class SnapshotNotStoredError extends CutoverError {
  override readonly name = ErrorName.AwsTransient;
}

/**
 * Phase 3: capture the router's exact actions before the first write and keep them on the lease
 * (never in the state: they are the way back, and state is lost with the execution). Verified by
 * reading back. A retried invocation keeps the snapshot already stored — the first one is the truth.
 */
export async function snapshot(input: LeasedInput, deps: UseCaseDeps): Promise<SnapshotOutput> {
  const { plan, executionArn, lease: ref } = input;
  await requireOpenPlan(deps, plan, executionArn);
  const lease = await requireOwnLease(deps, plan, executionArn, ref.token);
  if (lease.snapshot) {
    deps.log.info('snapshot already stored (retried invocation)');
    return {
      weights: toTargetNameWeights(plan, lease.snapshot.weights),
      capturedAt: lease.snapshot.capturedAt,
    };
  }
  const captured = { ...(await deps.routerFor(plan.router).snapshot()), targetNames: targetNamesOf(plan) };
  await deps.leases.update(plan.router.arn, ref.token, { snapshot: captured });
  const stored = await deps.leases.read(plan.router.arn);
  if (JSON.stringify(stored?.snapshot) !== JSON.stringify(captured)) {
    throw new SnapshotNotStoredError(
      `lease ${plan.router.arn}: snapshot did not read back as written; desired ${JSON.stringify(captured.weights)} vs actual ${JSON.stringify(stored?.snapshot?.weights ?? null)}; retrying`,
    );
  }
  deps.log.info('snapshot stored', { weights: captured.weights });
  return { weights: toTargetNameWeights(plan, captured.weights), capturedAt: captured.capturedAt };
}
