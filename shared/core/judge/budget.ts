import type { ResolvedPlan } from '#plan/types';

/**
 * The false-alarm budget: the chance, per cutover, of rolling back a destination that is as good
 * as the plan asks. A false halt needs one test to cross its threshold somewhere, so the budget is
 * split (a union bound): evenly across steps, then evenly across the tests that run in a step —
 * per destination with weight: 5XX absolute, 5XX against the source (while the source serves),
 * p99 absolute, p99 against the source — plus the synthetic probe when the plan has one. Each test stops at evidence 1 / (its share).
 */

export const DEFAULT_FALSE_ALARM_PERCENT = 1;

export interface StepTests {
  readonly destinations: readonly string[];
  /** The source still serves in this step: the relative tests can run. */
  readonly sourceServes: boolean;
  readonly perDestination: number;
}

export function testsInStep(plan: ResolvedPlan, stepIndex: number): StepTests {
  const weights = plan.steps[stepIndex]?.weights ?? {};
  const destinations = Object.keys(plan.targets).filter(
    (name) => name !== plan.from && (weights[name] ?? 0) > 0,
  );
  const sourceServes = (weights[plan.from] ?? 0) > 0;
  const { errorRate, latencyP99 } = plan.gates;
  let perDestination = 0;
  if (errorRate) perDestination += 1 + (errorRate.maxRatioToSource !== undefined && sourceServes ? 1 : 0);
  if (latencyP99) perDestination += 1 + (latencyP99.maxRatioToSource !== undefined && sourceServes ? 1 : 0);
  return { destinations, sourceServes, perDestination };
}

/** α of one test of one destination in the step: its share of the cutover's budget. */
export function testAlpha(plan: ResolvedPlan, stepIndex: number): number {
  const budget = (plan.gates.falseAlarmPercent ?? DEFAULT_FALSE_ALARM_PERCENT) / 100;
  const { destinations, perDestination } = testsInStep(plan, stepIndex);
  // The synthetic probe (gates.probe) is one more test in every step.
  const tests = Math.max(1, destinations.length * perDestination + (plan.gates.probe ? 1 : 0));
  return budget / Math.max(1, plan.steps.length) / tests;
}

/** Minutes a step is planned to be judged over: its bake (longest) plus the settle time. */
export function plannedMinutes(plan: ResolvedPlan, stepIndex: number): number {
  const step = plan.steps[stepIndex];
  const bake = step?.bakeSeconds ?? 0;
  return Math.max(1, Math.ceil((bake + settleSeconds(plan)) / 60) + 1);
}

/**
 * How long after its bake a step waits for the minutes covering it to be published before it is
 * promoted anyway. ALB publishes a minute 1–3 minutes after it closes; the bake's last minute closes
 * up to a minute after the bake ends.
 */
export const DEFAULT_SETTLE_SECONDS = 240;

export function settleSeconds(plan: ResolvedPlan): number {
  return plan.gates.settleSeconds ?? DEFAULT_SETTLE_SECONDS;
}
