import type { Progress } from '../progress.ts';
import { toTargetGroupWeights } from '../target-weights.ts';
import { requireOwnLease } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';
import type { StepInput } from './shapes.ts';

/**
 * Reads the router back until it shows the step's weights (bounded polling in the router adapter;
 * WeightsNotVerified when the budget runs out). The bake starts when the weights are verified.
 */
export async function verify(input: StepInput, deps: UseCaseDeps): Promise<Progress> {
  const { plan, executionArn, lease: ref, progress } = input;
  await requireOwnLease(deps, plan, executionArn, ref.token);
  const step = plan.steps[progress.step];
  if (!step) throw new RangeError(`plan ${plan.name}: no step ${progress.step + 1}`);
  await deps.routerFor(plan.router).verify(toTargetGroupWeights(plan, step.weights));
  deps.log.info('weights verified; baking', { bakeSeconds: progress.bakeSeconds });
  return {
    ...progress,
    bakeStartedAt: deps.clock.now().toISOString(),
    inconclusive: 0,
    decision: 'bake',
    reason: '',
  };
}
