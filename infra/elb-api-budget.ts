import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { BucketSpec } from '#core/token-bucket';
import { ELB_API_BUDGET_ENV } from '#runtime/wiring/elb-budget';

/** The deployment's ELB API budget per account and region; each kind defaults to the documented limit. */
export interface ElbApiBudgetProps {
  /** Modify* (router writes). @default { burst: 20, perSecond: 3 } */
  readonly modify?: BucketSpec;
  /** Describe* (router and target health reads). @default { burst: 200, perSecond: 50 } */
  readonly describe?: BucketSpec;
}

/**
 * Hands the budget to every function (ELB_API_BUDGET, read by shared/runtime/wiring/elb-budget.ts).
 * The buckets live in the Cutover table the functions already read and write, so no grant is added.
 * Refuses a budget that could never hand out a token, at synth time.
 */
export function applyElbApiBudget(
  functions: ReadonlyMap<string, lambda.Function>,
  budget?: ElbApiBudgetProps,
): void {
  if (budget === undefined) return;
  for (const [kind, spec] of Object.entries(budget) as [string, BucketSpec | undefined][]) {
    if (spec === undefined) continue;
    if (!(spec.burst >= 1 && spec.perSecond > 0)) {
      throw new Error(
        `Cutover elbApiBudget.${kind}: ${JSON.stringify(spec)}; allowed burst ≥ 1 and perSecond > 0 (defaults: the documented ELB limits); fix the prop or cutover.config.json`,
      );
    }
  }
  const text = JSON.stringify(budget);
  for (const fn of functions.values()) fn.addEnvironment(ELB_API_BUDGET_ENV, text);
}
