import { logMixtureEvidence, logSumExp, startWeight, weightBefore } from './mixture.ts';

/**
 * A sequential test of per-minute p99 latency that needs no model of its noise.
 *
 * Each minute gives one number x = log(destination p99 / reference) − log(allowed ratio): how far
 * over the allowance the destination's tail was that minute. Per-minute p99s are noisy in ways no
 * one can write down (request mix, sample size), so the test must hold whatever the noise scale σ
 * is. Testing "mean ≤ 0" with σ unknown is a t-test; its anytime-valid form is the Bayes factor of
 * a normal model in which σ gets the right-Haar prior 1/σ and the standardised effect δ = μ/σ a
 * normal prior N(0, g). That Bayes factor is a test martingale for every σ under μ = 0 (Pérez-Ortiz,
 * Lardy, de Heide & Grünwald, "E-statistics, group invariance and anytime-valid testing", 2022;
 * the closed form is the one-sample "g-prior" Bayes factor):
 *
 *   BF_n(g) = (1 + n·g)^(−1/2) · (1 − (n·g / (1 + n·g)) · (Σx)² / (n·Σx²))^(−n/2)
 *
 * It is two-sided; the gate fires only when the minutes sit above the allowance (Σx > 0), which can
 * only lower the false-alarm rate. g is mixed over a grid (equal weights): effects many times the
 * noise (a 2× p99 against a few percent of jitter) need large g to be caught in few minutes.
 * Unknown σ costs power: at least three minutes of a regression are needed before any verdict.
 */

const G_GRID: readonly number[] = [1, 30, 1000];

/** Sufficient statistics of a run of minutes: how many, their sum, the sum of their squares. */
interface Moments {
  readonly n: number;
  readonly sum: number;
  readonly squares: number;
}

function momentsOf(values: readonly number[]): Moments {
  let sum = 0;
  let squares = 0;
  for (const value of values) {
    sum += value;
    squares += value * value;
  }
  return { n: values.length, sum, squares };
}

/** log BF_n for minutes with these moments (mixed over g). */
function logTTestEvidence({ n, sum, squares }: Moments): number {
  if (n < 2 || squares === 0) return 0;
  const r = Math.min((sum * sum) / (n * squares), 1 - 1e-12);
  const logs = G_GRID.map((g) => {
    const shrink = (n * g) / (1 + n * g);
    return -0.5 * Math.log(1 + n * g) - (n / 2) * Math.log(1 - shrink * r);
  });
  return logSumExp(logs) - Math.log(G_GRID.length);
}

/**
 * Log e-value that the per-minute excesses `values` (minutes in order, `null` = no data that minute)
 * sit above zero, mixed over start minutes like the count tests. A component whose minutes sum to
 * zero or less contributes no evidence of a regression (its value is capped at 1).
 */
export function latencyEvidence(
  values: readonly (number | null)[],
  plannedMinutes: number,
  offset = 0,
): number {
  const terms: number[] = [];
  let started = weightBefore(offset, plannedMinutes, 'even');
  // Moments of the minutes from each start to the newest, built from the newest backwards.
  let tail: Moments = { n: 0, sum: 0, squares: 0 };
  for (let minute = values.length - 1; minute >= 0; minute--) {
    const value = values[minute];
    if (value !== null && value !== undefined)
      tail = { n: tail.n + 1, sum: tail.sum + value, squares: tail.squares + value * value };
    const weight = startWeight(minute + offset, plannedMinutes, 'even');
    started += weight;
    const log = logTTestEvidence(tail);
    terms.push(Math.log(weight) + (tail.sum > 0 ? log : Math.min(log, 0)));
  }
  if (started < 1) terms.push(Math.log(1 - started));
  return logSumExp(terms);
}

/**
 * Log e-value that the minutes sit BELOW zero (the destination within its allowance), from the
 * step's first minute only: for a bake that may end early.
 */
export function latencyConfidence(values: readonly (number | null)[]): number {
  const moments = momentsOf(values.filter((value): value is number => value !== null));
  const log = logTTestEvidence(moments);
  return moments.sum < 0 ? log : Math.min(log, 0);
}

/**
 * A distribution-free test for a gross tail regression, which one minute can show. If the
 * destination's true p99 were at most L, a request would exceed L with chance ≤ 1 %, so a minute's
 * p95 above L needs ≥ 5 % of its n requests above L, five times what the null allows: a binomial
 * tail P(Bin(n, 0.01) ≥ n/20), which the Chernoff bound exp(−n·KL(0.05 ‖ 0.01)) keeps below
 * (requests within a minute taken as independent; about 1e−11 at 600 requests). Each minute is a
 * Bernoulli bet: "p95 above L" against that null chance. p95 is the highest percentile whose
 * exceedance stays that unlikely under the null for a minute of a few hundred requests.
 */
const EXCEEDANCE_ALTERNATIVES: readonly number[] = [0.3, 0.9];
const TAIL = 0.01;
const QUANTILE_TAIL = 0.05;

function klBernoulli(a: number, b: number): number {
  return a * Math.log(a / b) + (1 - a) * Math.log((1 - a) / (1 - b));
}

/** Upper bound on the chance that a minute of `requests` shows p95 above L while the p99 is ≤ L. */
export function exceedanceNullChance(requests: number): number {
  // Floored above 0 so a busy minute's bet stays finite; a larger null chance is only more cautious.
  return Math.min(0.5, Math.max(Math.exp(-requests * klBernoulli(QUANTILE_TAIL, TAIL)), 1e-300));
}

export interface ExceedanceMinute {
  readonly requests: number;
  /** The minute's p95 was above the allowance. */
  readonly exceeded: boolean;
}

/** Log e-value of the exceedance test over the minutes (null = no usable minute), mixed over start minutes. */
export function exceedanceEvidence(
  minutes: readonly (ExceedanceMinute | null)[],
  plannedMinutes: number,
  offset = 0,
): number {
  const increments = minutes.map((minute) => {
    if (!minute) return EXCEEDANCE_ALTERNATIVES.map(() => 0);
    const chance = exceedanceNullChance(minute.requests);
    return EXCEEDANCE_ALTERNATIVES.map((theta) =>
      minute.exceeded ? Math.log(theta / chance) : Math.log((1 - theta) / (1 - chance)),
    );
  });
  return logMixtureEvidence(increments, EXCEEDANCE_ALTERNATIVES.length, plannedMinutes, offset);
}
