import { formatDuration, parseDuration } from './duration.ts';
import { type PlanProblem, problem } from './problems.ts';
import type { PlanDocument } from './schema.ts';
import type { ResolvedStep, SteppedRollback } from './types.ts';

/** A rollback step held for less than this would pass without one source poll worth the name. */
export const DEFAULT_ROLLBACK_BAKE_SECONDS = 60;

/**
 * `rollback: { steps, bake }` after its shape check: percents on `to`, strictly descending, each
 * below the highest share the plan ever gives `to` (a step above it could never be used), ending at
 * 0 — written or implied, because the way back always ends at the snapshot. Problems name the field.
 */
export function resolveRollback(
  rollback: PlanDocument['rollback'],
  context: {
    readonly to: unknown;
    readonly steps: readonly ResolvedStep[] | undefined;
    readonly intervalSeconds: number;
  },
  problems: PlanProblem[],
): SteppedRollback | undefined {
  if (rollback === undefined) return undefined;
  const before = problems.length;
  const steps = [...rollback.steps];
  steps.forEach((percent, index) => {
    const previous = steps[index - 1];
    if (previous !== undefined && percent >= previous) {
      problems.push(
        problem(
          ['rollback', 'steps', index],
          `not below the step before; got ${percent} after ${previous}; allowed strictly descending percents on \`to\``,
          'the way back only ever lowers the destination’s share, e.g. [50, 25, 0]',
        ),
      );
    }
  });
  const highest = highestShare(context.to, context.steps);
  if (highest !== undefined) {
    const unused = steps.findIndex((percent) => percent >= highest && percent > 0);
    if (unused >= 0) {
      problems.push(
        problem(
          ['rollback', 'steps', unused],
          `not below any share the plan gives ${String(context.to)}; got ${steps[unused]}; allowed < ${highest} (the plan's highest step on \`to\`)`,
          'a rollback step is used only below the share the destination holds when the rollback starts; remove it or lower it',
        ),
      );
    }
  }
  const bakeSeconds =
    rollback.bake === undefined ? DEFAULT_ROLLBACK_BAKE_SECONDS : parseDuration(rollback.bake);
  if (bakeSeconds < context.intervalSeconds) {
    problems.push(
      problem(
        ['rollback', 'bake'],
        `shorter than interval; got ${formatDuration(bakeSeconds)}; allowed ≥ ${formatDuration(context.intervalSeconds)} (interval)`,
        'each rollback step needs at least one poll of the source’s gates',
      ),
    );
  }
  if (problems.length > before) return undefined;
  // The last step is the snapshot: 0 when written, implied otherwise.
  if (steps[steps.length - 1] !== 0) steps.push(0);
  return { steps, bakeSeconds };
}

/** The largest share the plan's steps ever put on `to`, or undefined when the steps did not resolve. */
function highestShare(to: unknown, steps: readonly ResolvedStep[] | undefined): number | undefined {
  if (typeof to !== 'string' || steps === undefined || steps.length === 0) return undefined;
  return Math.max(...steps.map((step) => step.weights[to] ?? 0));
}
