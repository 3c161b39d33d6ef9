/**
 * The arithmetic every sequential test of the judge shares: a mixture of likelihood ratios over
 * alternatives and over the minute a regression may have started, kept in log space.
 *
 * Why a mixture is safe to look at after every poll: for one alternative and one start minute, the
 * product of per-minute likelihood ratios is a non-negative martingale with mean 1 under the null
 * (a "test martingale"). A weighted average of test martingales whose weights sum to at most 1 is
 * again one (a component that has not started yet sits at 1). Ville's inequality then bounds the
 * chance that it EVER reaches 1/α, however often it is read, by α (Ville 1939; used this way by
 * Lindon & Malek, "Anytime-valid inference for multinomial count data", NeurIPS 2022, and Lindon,
 * Sanden & Shirikian, "Rapid regression detection in software deployments through sequential
 * testing", KDD 2022). So the false-alarm budget is spent once per test, not once per look.
 *
 * Why start minutes: a product started at the step's first minute is diluted by the healthy minutes
 * before a fault (each pulls the likelihood ratio of a bad alternative down). Components that start
 * later do not carry those minutes; mixing over start minutes (a Shiryaev–Roberts-style statistic
 * with summable weights) keeps the guarantee and pays only log(1/weight) for the start it uses.
 */

/**
 * How the weight is spread over start minutes. `stepStart`: half on the step's first minute (a new
 * weight is when a destination most often breaks), a quarter over the rest of the planned step.
 * `even`: three quarters spread evenly over the planned step, for a test (the t-test) that a start
 * minute before the change ruins rather than dilutes. Both keep a quarter for minutes past the plan.
 */
export type StartProfile = 'stepStart' | 'even';

/** The weight of the component starting at minute `index` (0 = the step's first minute). */
export function startWeight(
  index: number,
  plannedMinutes: number,
  profile: StartProfile = 'stepStart',
): number {
  const planned = Math.max(1, plannedMinutes);
  if (profile === 'even' && index < planned) return 0.75 / planned;
  if (index === 0) return 0.5;
  if (index < planned) return 0.25 / planned;
  // …and a quarter over minutes past the plan (settling, pauses), decaying so the total stays ≤ 1.
  const late = index - planned + 1;
  return 0.25 / (late * (late + 1));
}

/**
 * The weight of components that started before minute `offset`. The judge reads a bounded window of
 * minutes; components older than it are dropped, which only lowers the statistic (still valid).
 */
export function weightBefore(
  offset: number,
  plannedMinutes: number,
  profile: StartProfile = 'stepStart',
): number {
  if (offset <= 0) return 0;
  const planned = Math.max(1, plannedMinutes);
  const inPlan = Math.min(offset, planned);
  const head = profile === 'even' ? (0.75 * inPlan) / planned : 0.5 + (0.25 * (inPlan - 1)) / planned;
  // Σ 0.25 / (k(k+1)) for k = 1…late telescopes to 0.25 (1 − 1/(late+1)).
  const late = Math.max(0, offset - planned);
  return head + 0.25 * (1 - 1 / (late + 1));
}

/** log(Σ exp(values)), stable for large and very negative values. */
export function logSumExp(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > max) max = value;
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  let sum = 0;
  for (const value of values) sum += Math.exp(value - max);
  return max + Math.log(sum);
}

/**
 * The log e-value of a mixture over alternatives (equal weights) and start minutes, from the
 * per-minute log-likelihood-ratio increments: `increments[minute][alternative]`. A minute with no
 * data holds zeros. Components that start after the last minute are still at 1 and count so.
 * `offset` is the step-minute index of `increments[0]` when the window starts after the step did.
 */
export function logMixtureEvidence(
  increments: readonly (readonly number[])[],
  alternatives: number,
  plannedMinutes: number,
  offset = 0,
): number {
  if (alternatives === 0) return 0;
  const terms: number[] = [];
  const suffix = new Array<number>(alternatives).fill(0);
  let started = weightBefore(offset, plannedMinutes);
  for (let minute = increments.length - 1; minute >= 0; minute--) {
    const row = increments[minute] ?? [];
    for (let k = 0; k < alternatives; k++) suffix[k] = (suffix[k] ?? 0) + (row[k] ?? 0);
    const weight = startWeight(minute + offset, plannedMinutes);
    started += weight;
    terms.push(Math.log(weight / alternatives) + logSumExp(suffix));
  }
  const unstarted = 1 - started;
  if (unstarted > 0) terms.push(Math.log(unstarted));
  return logSumExp(terms);
}

/** log(x / y) with the conventions a likelihood ratio needs: 0·log(·) = 0. */
export function weightedLogRatio(count: number, numerator: number, denominator: number): number {
  return count === 0 ? 0 : count * Math.log(numerator / denominator);
}
