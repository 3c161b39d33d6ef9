import { formatDuration, parseDuration } from './duration.ts';
import { type PlanProblem, problem } from './problems.ts';

/** A bake as written: a fixed duration, or `{ min, max }` for a bake that may end early on evidence. */
export type BakeText = string | { readonly min: string; readonly max: string };

export interface Bake {
  /** The longest hold (the fixed bake, or `max`). */
  readonly seconds: number;
  /** Set for an evidence-based bake: the step may end once this has passed and the judge is confident. */
  readonly minSeconds?: number;
}

export function parseBake(text: BakeText): Bake {
  if (typeof text === 'string') return { seconds: parseDuration(text) };
  return { seconds: parseDuration(text.max), minSeconds: parseDuration(text.min) };
}

/** A bake must outlast one gate poll, and `min` must not exceed `max`. */
export function checkBake(
  text: BakeText,
  path: readonly (string | number)[],
  intervalSeconds: number,
  problems: PlanProblem[],
): void {
  const bake = parseBake(text);
  const shortest = bake.minSeconds ?? bake.seconds;
  if (shortest < intervalSeconds) {
    problems.push(
      problem(
        [...path, ...(bake.minSeconds === undefined ? [] : ['min'])],
        `shorter than interval; got ${formatDuration(shortest)}; allowed ≥ ${formatDuration(intervalSeconds)} (interval)`,
        'a bake shorter than one gate poll would pass without a single health check',
      ),
    );
  }
  if (bake.minSeconds !== undefined && bake.minSeconds > bake.seconds) {
    problems.push(
      problem(
        [...path, 'min'],
        `longer than max; got min ${formatDuration(bake.minSeconds)}, max ${formatDuration(bake.seconds)}; allowed min ≤ max`,
        'swap them, or write one duration for a fixed bake',
      ),
    );
  }
}
