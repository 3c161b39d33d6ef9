import type { ResolvedPlan } from '#plan/types';
import { testAlpha, testsInStep } from './budget.ts';
import { EFFECT_MULTIPLES, errorShare } from './rate-tests.ts';

/**
 * What the judge should take at the traffic a plan expects, for `cutover validate`: minutes of
 * published data until the 5XX test catches a regression of exactly the effect the plan names, and
 * until an evidence-based bake is confident of a destination as good as the source. Each is the
 * evidence the test needs (log 1/α, plus what the mixture pays for its alternatives and start
 * minute) over the expected gain per minute (the Kullback–Leibler drift of the likelihood ratio).
 */
export interface StepExpectation {
  /** Minutes of data to catch the named effect, or null when no 5XX gate runs. */
  readonly detectMinutes: number | null;
  /** Minutes of data to be confident of a healthy destination, or null when no 5XX gate runs. */
  readonly confidentMinutes: number | null;
}

export interface ExpectedTraffic {
  readonly requestsPerSecond: number;
  readonly errorPercent: number;
}

/** Poisson-expected gain per minute of the conditional binomial log-likelihood ratio r1 vs r0. */
function relativeDrift(n: number, m: number, q: number, truth: number, r1: number, r0: number): number {
  const p1 = errorShare(r1, n, m);
  const p0 = errorShare(r0, n, m);
  return n * q * truth * Math.log(p1 / p0) + m * q * Math.log((1 - p1) / (1 - p0));
}

/** Expected gain per minute of the binomial log-likelihood ratio q1 vs q0 when the rate is `truth`. */
function absoluteDrift(n: number, truth: number, q1: number, q0: number): number {
  return n * (truth * Math.log(q1 / q0) + (1 - truth) * Math.log((1 - q1) / (1 - q0)));
}

const minutes = (needed: number, drift: number) => (drift > 0 ? Math.ceil(needed / drift) : null);

export function stepExpectation(
  plan: ResolvedPlan,
  stepIndex: number,
  traffic: ExpectedTraffic,
): StepExpectation {
  const errorRate = plan.gates.errorRate;
  const tests = testsInStep(plan, stepIndex);
  const step = plan.steps[stepIndex];
  if (!errorRate || !step || tests.destinations.length === 0)
    return { detectMinutes: null, confidentMinutes: null };
  const perMinute = traffic.requestsPerSecond * 60;
  const n = (perMinute * Math.min(...tests.destinations.map((name) => step.weights[name] ?? 0))) / 100;
  const m = (perMinute * (step.weights[plan.from] ?? 0)) / 100;
  const q = traffic.errorPercent / 100;
  const needed = Math.log(1 / testAlpha(plan, stepIndex));
  const mixture = Math.log(EFFECT_MULTIPLES.length) + Math.log(2);
  const ratio = errorRate.maxRatioToSource;
  if (ratio !== undefined && tests.sourceServes && m > 0) {
    return {
      detectMinutes: minutes(needed + mixture, relativeDrift(n, m, q, ratio, ratio, 1)),
      confidentMinutes: minutes(needed, relativeDrift(n, m, q, 1, 1, ratio)),
    };
  }
  const limit = errorRate.maxPercent / 100;
  return {
    detectMinutes: minutes(needed + mixture, absoluteDrift(n, limit, limit, limit / 2)),
    confidentMinutes: minutes(needed, absoluteDrift(n, q, limit / 2, limit)),
  };
}
