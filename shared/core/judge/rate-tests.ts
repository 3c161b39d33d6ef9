import { logMixtureEvidence, weightedLogRatio } from './mixture.ts';

/**
 * Sequential tests of a destination's 5XX rate, from per-minute ALB counts.
 *
 * Relative (destination against source, over the same minutes). Given that a minute produced
 * x 5XX on the destination and y on the source, out of n and m requests, and that each target
 * group's errors are Poisson with rates λ_d·n and λ_s·m, the destination's share of the minute's
 * errors is binomial: x | x + y ~ Bin(x + y, p(r)), with p(r) = r·n / (r·n + m) and r = λ_d / λ_s.
 * Conditioning on the total removes the unknown common rate: the test needs no estimate of the
 * source's rate, and the source's own noise is accounted for (the old gate treated it as exact).
 * This is the conditional test Lindon & Malek (NeurIPS 2022) build their multinomial e-processes
 * on, specialised to two arms. Null: r ≤ 1 (the destination is no worse). Alternatives: r at and
 * above `maxRatioToSource`, the effect the plan names. p(r) rises with r, so the likelihood ratio
 * against r = 1 is largest at the null's edge: the guarantee holds for every r ≤ 1.
 *
 * Absolute. x | n ~ Bin(n, q). Null: q ≤ maxPercent / 2 (half the limit: a destination there or
 * better halts at most with the budget's chance). Alternatives: q at and above `maxPercent`.
 * Between the two the judge takes longer the closer the rate is to half the limit — the usual
 * indifference zone of a sequential probability ratio test (Wald 1945).
 */

/** Multiples of the effect the plan names that the mixture bets on (equal weights). */
export const EFFECT_MULTIPLES: readonly number[] = [1, 1.5, 2.5, 5, 10, 30];

export interface MinuteCounts {
  readonly requests: number;
  readonly errors: number;
}

/** One minute of both target groups; `source` is absent when the source served nothing. */
export interface CountsMinute {
  readonly destination: MinuteCounts | null;
  readonly source: MinuteCounts | null;
}

/** The destination's expected share of a minute's errors when its rate is `ratio` × the source's. */
export function errorShare(ratio: number, destinationRequests: number, sourceRequests: number): number {
  const weighted = ratio * destinationRequests;
  return weighted / (weighted + sourceRequests);
}

/** Ratios the relative test bets on, from `maxRatioToSource`. */
export function relativeAlternatives(maxRatioToSource: number): number[] {
  return EFFECT_MULTIPLES.map((multiple) => maxRatioToSource * multiple);
}

/** Per-minute log-likelihood ratios of the relative test: one row per minute, one column per ratio. */
export function relativeIncrements(
  minutes: readonly CountsMinute[],
  ratios: readonly number[],
  nullRatio = 1,
): number[][] {
  return minutes.map(({ destination: d, source: s }) => {
    if (!d || !s || d.requests <= 0 || s.requests <= 0 || d.errors + s.errors === 0)
      return ratios.map(() => 0);
    const p0 = errorShare(nullRatio, d.requests, s.requests);
    return ratios.map((ratio) => {
      const p1 = errorShare(ratio, d.requests, s.requests);
      return weightedLogRatio(d.errors, p1, p0) + weightedLogRatio(s.errors, 1 - p1, 1 - p0);
    });
  });
}

/** Error rates (fractions) the absolute test bets on, from `maxPercent`; all below 1. */
export function absoluteAlternatives(maxPercent: number): number[] {
  const rates = EFFECT_MULTIPLES.map((multiple) => Math.min((maxPercent / 100) * multiple, 0.999));
  return [...new Set(rates)];
}

/** Per-minute log-likelihood ratios of the absolute test against the rate `nullRate` (a fraction). */
export function absoluteIncrements(
  minutes: readonly CountsMinute[],
  rates: readonly number[],
  nullRate: number,
): number[][] {
  return minutes.map(({ destination: d }) => {
    if (!d || d.requests <= 0) return rates.map(() => 0);
    const ok = d.requests - d.errors;
    return rates.map(
      (rate) => weightedLogRatio(d.errors, rate, nullRate) + weightedLogRatio(ok, 1 - rate, 1 - nullRate),
    );
  });
}

/** Log e-value that the destination's 5XX rate is `maxRatioToSource` × the source's or worse. */
export function relativeEvidence(
  minutes: readonly CountsMinute[],
  maxRatioToSource: number,
  plannedMinutes: number,
  offset = 0,
): number {
  const ratios = relativeAlternatives(maxRatioToSource);
  return logMixtureEvidence(relativeIncrements(minutes, ratios), ratios.length, plannedMinutes, offset);
}

/** Log e-value that the destination's 5XX rate is above `maxPercent`. */
export function absoluteEvidence(
  minutes: readonly CountsMinute[],
  maxPercent: number,
  plannedMinutes: number,
  offset = 0,
): number {
  const rates = absoluteAlternatives(maxPercent);
  const nullRate = maxPercent / 200;
  return logMixtureEvidence(
    absoluteIncrements(minutes, rates, nullRate),
    rates.length,
    plannedMinutes,
    offset,
  );
}

/**
 * Log e-value that the destination is NOT worse than the source by `maxRatioToSource` (for a bake
 * that may end early): the same conditional binomial with the roles swapped — null r ≥ the limit,
 * alternative r = 1. Started at the step's first minute only: it answers "is the whole step fine".
 */
export function relativeConfidence(minutes: readonly CountsMinute[], maxRatioToSource: number): number {
  const rows = relativeIncrements(minutes, [1], maxRatioToSource);
  return rows.reduce((sum, row) => sum + (row[0] ?? 0), 0);
}

/** Log e-value that the destination's rate is below `maxPercent` (alternative: half of it). */
export function absoluteConfidence(minutes: readonly CountsMinute[], maxPercent: number): number {
  const rows = absoluteIncrements(minutes, [maxPercent / 200], maxPercent / 100);
  return rows.reduce((sum, row) => sum + (row[0] ?? 0), 0);
}
