import { isAbsolute, resolve } from 'node:path';
import { PlanInvalidError } from '#core/errors';
import { formatProblem, readPlanDocument, resolvePlan } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';

/** A plan file read for a run: the raw document (the execution input, as written) and the resolved plan. */
export interface LoadedPlan {
  readonly document: unknown;
  readonly plan: ResolvedPlan;
}

/**
 * Reads and resolves a plan; throws PlanInvalidError listing every problem, with paths naming the
 * file as the user typed it. The stale check is left to the state machine's Validate state, which
 * applies it at the (possibly virtual) start time.
 */
export async function loadPlanFile(file: string, cwd: string): Promise<LoadedPlan> {
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  let document: unknown;
  try {
    document = await readPlanDocument(path);
  } catch (error) {
    if (!(error instanceof PlanInvalidError)) throw error;
    throw new PlanInvalidError(
      error.problems.map((line) => (line.startsWith(path) ? `${file}${line.slice(path.length)}` : line)),
    );
  }
  const result = resolvePlan(document);
  if (!result.ok)
    throw new PlanInvalidError(result.problems.map((problem) => `${file}: ${formatProblem(problem)}`));
  return { document, plan: result.plan };
}
