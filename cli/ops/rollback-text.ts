import { rollbackStepWeights } from '#core/rollback-steps';
import { formatWeights, type Weights } from '#core/weights';
import { formatDuration } from '#plan/duration';
import type { ResolvedPlan } from '#plan/types';

/**
 * How the plan goes back after a failure, in one line for `validate` (no snapshot yet: only the
 * percents on `to`) and for `preview` (today's weights are the snapshot: the weights of each step).
 */
export function rollbackText(plan: ResolvedPlan, snapshot?: Weights): string {
  const rollback = plan.rollback;
  if (!rollback) return 'the snapshot in one write';
  const floor = snapshot?.[plan.to] ?? 0;
  const steps = rollback.steps.filter((percent) => percent > floor);
  const shown = steps.map((percent) =>
    snapshot
      ? formatWeights(rollbackStepWeights(snapshot, snapshot, plan.to, percent))
      : `${plan.to} ${percent}%`,
  );
  const sources = Object.keys(plan.targets).filter((name) => name !== plan.to);
  const watched = snapshot ? sources.filter((name) => (snapshot[name] ?? 0) > 0) : [plan.from];
  return (
    `in steps: ${[...shown, 'the snapshot'].join(' → ')}; only the steps below ${plan.to}'s share at the failure are used; ` +
    `each held ${formatDuration(rollback.bakeSeconds)} while ${watched.join(', ')} health, 5XX and p99 are watched; a failing source skips to the snapshot`
  );
}
