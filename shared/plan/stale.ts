import type { PlanProblem } from './problems.ts';
import type { ResolvedPlan } from './types.ts';

/**
 * The plan's `notAfter` has passed at `now`: a schedule delivered late (EventBridge retries for up to
 * a day) must not start a cutover nobody is watching any more.
 */
export function staleProblem(plan: ResolvedPlan, now: Date): PlanProblem | undefined {
  if (plan.notAfter === undefined) return undefined;
  const deadline = Date.parse(plan.notAfter);
  if (now.getTime() <= deadline) return undefined;
  return {
    path: 'notAfter',
    message: `plan is stale: notAfter has passed; got ${plan.notAfter}, now ${now.toISOString()}; allowed a start before notAfter`,
    hint: 'check the plan still applies, then move notAfter forward',
  };
}
