// Module by module, not the plan index: the index pulls YAML and JSON Schema code into the Lambda bundle.
import { formatProblem, problem } from '#plan/problems';
import { resolvePlan } from '#plan/resolve';
import { staleProblem } from '#plan/stale';
import type { ResolvedPlan } from '#plan/types';
import { PlanInvalidError, StalePlanError } from '../errors.ts';
import { planBudget } from '../execution-budget.ts';
import { progressForStep } from '../progress.ts';
import type { UseCaseDeps } from './ports.ts';
import type { ValidateInput, ValidateOutput } from './shapes.ts';

/**
 * Largest plan document accepted as execution input. Real plans are a few KiB; the resolved plan
 * rides in the state on every transition, and Step Functions fails terminally (uncatchable
 * `States.DataLimitExceeded`) past 256 KiB of state.
 */
export const MAX_EXECUTION_PLAN_BYTES = 32 * 1024;

/**
 * The routers this deployment may modify (its writers' ModifyListener / ModifyRule grants). Absent
 * in rehearsals, `cutover run --local` and tests: no restriction there.
 */
export interface RouterAllowList {
  readonly allowedRouters?: readonly string[];
}

/**
 * Phase 1: the execution input is the plan document itself. Schema and semantics (every problem,
 * not just the first), then the deployment's routers, then `notAfter`, then what one execution can
 * hold. Nothing touches AWS.
 */
export async function validate(
  input: ValidateInput,
  deps: Pick<UseCaseDeps, 'clock' | 'log'> & RouterAllowList,
): Promise<ValidateOutput> {
  const document = input.document;
  const size = Buffer.byteLength(JSON.stringify(document ?? null), 'utf8');
  if (size > MAX_EXECUTION_PLAN_BYTES) {
    throw new PlanInvalidError([
      `(plan): execution input too large; got ${Math.ceil(size / 1024)} KiB; allowed ${MAX_EXECUTION_PLAN_BYTES / 1024} KiB — hint: the input must be the plan document alone (see \`cutover render\`)`,
    ]);
  }
  const result = resolvePlan(document);
  if (!result.ok) throw new PlanInvalidError(result.problems.map(formatProblem));
  const plan = result.plan;
  const denied = routerNotAllowed(plan, deps.allowedRouters);
  if (denied !== undefined) throw new PlanInvalidError([denied]);
  const stale = staleProblem(plan, deps.clock.now());
  if (stale)
    throw new StalePlanError(`plan ${plan.name}: ${formatProblem(stale)}; stopping before taking the lease`);
  const budget = planBudget(plan);
  if (budget.problems.length > 0)
    throw new PlanInvalidError(budget.problems.map((problem) => `(plan): ${problem}`));
  deps.log.info('plan valid', {
    steps: plan.steps.length,
    polls: budget.polls,
    pollsPerCall: budget.settings.pollsPerCall,
    historyEvents: budget.historyEvents,
  });
  return {
    plan,
    executionArn: input.executionArn,
    settings: budget.settings,
    progress: progressForStep(plan, 0),
  };
}

/**
 * A router outside the deployment's grants would pass lease, snapshot and preflight and only fail at
 * the first Shift with AccessDenied; refusing it here keeps an unrunnable plan from writing anything.
 */
function routerNotAllowed(plan: ResolvedPlan, allowed: readonly string[] | undefined): string | undefined {
  if (allowed === undefined || allowed.includes(plan.router.arn)) return undefined;
  const field = plan.router.kind === 'listener' ? 'listenerArn' : 'ruleArn';
  return formatProblem(
    problem(
      ['router', field],
      `this Cutover deployment may not modify this router; got ${plan.router.arn}; ` +
        `allowed ${allowed.join(', ')}; add it to routers in cutover.config.json and redeploy`,
    ),
  );
}
