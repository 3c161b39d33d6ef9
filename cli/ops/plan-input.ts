import { isAbsolute, join } from 'node:path';
import { canonicalJson } from '#core/canonical-json';
import { formatProblem, readPlanDocument, resolvePlan, staleProblem } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';
import { usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';

/** A plan checked locally and the execution input it becomes. */
export interface PlanInput {
  /** The plan document as read (YAML turned into JSON): the state machine validates it again. */
  readonly document: unknown;
  readonly plan: ResolvedPlan;
  /** The document as canonical JSON: what StartExecution sends and the execution name hashes. */
  readonly input: string;
}

/**
 * Reads and validates a plan before anything is sent to AWS: an unreadable or invalid plan (and,
 * with `now`, one whose notAfter has passed) is exit 2 with every problem listed.
 */
export async function loadPlanInput(
  path: string,
  io: CliIo,
  options: { now?: Date } = {},
): Promise<PlanInput> {
  const file = isAbsolute(path) ? path : join(io.cwd, path);
  let document: unknown;
  try {
    document = await readPlanDocument(file);
  } catch (error) {
    throw usageFailure((error as Error).message);
  }
  return checkPlanDocument(document, path, options);
}

export function checkPlanDocument(
  document: unknown,
  source: string,
  options: { now?: Date } = {},
): PlanInput {
  const result = resolvePlan(document);
  if (!result.ok) {
    const lines = result.problems.map((p) => `  ${formatProblem(p)}`);
    throw usageFailure(
      `plan ${source} is invalid (${lines.length} problem${lines.length === 1 ? '' : 's'}); nothing was sent to AWS:\n${lines.join('\n')}`,
    );
  }
  if (options.now) {
    const stale = staleProblem(result.plan, options.now);
    if (stale)
      throw usageFailure(`plan ${source} is stale; nothing was sent to AWS: ${formatProblem(stale)}`);
  }
  return { document, plan: result.plan, input: canonicalJson(document) };
}

/** The plan an execution was started with, from its input; undefined when it is not a valid plan. */
export function planOfExecutionInput(input: string | undefined): ResolvedPlan | undefined {
  if (input === undefined) return undefined;
  try {
    const result = resolvePlan(JSON.parse(input));
    return result.ok ? result.plan : undefined;
  } catch {
    return undefined;
  }
}

/** The `name` field of an execution input, even when the rest is not a valid plan. */
export function planNameOfExecutionInput(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  try {
    const name = (JSON.parse(input) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
