import { readFile, stat } from 'node:fs/promises';
import { PlanInvalidError } from '#core/errors';
import { describeValue, formatProblem } from './problems.ts';
import { resolvePlan } from './resolve.ts';
import { staleProblem } from './stale.ts';
import { parsePlanText } from './text.ts';
import type { ResolvedPlan } from './types.ts';

/** Plans are small; a bigger file is almost certainly the wrong file (or a generated mistake). */
export const MAX_PLAN_BYTES = 256 * 1024;

function fail(path: string, what: string): never {
  throw new PlanInvalidError([`${path}: ${what}`]);
}

/**
 * Reads a plan file (YAML or JSON, ≤ 256 KiB, UTF-8) into its raw document, which must be a
 * mapping. Throws PlanInvalidError with one line for a missing, unreadable or oversized file.
 */
export async function readPlanDocument(path: string): Promise<unknown> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) fail(path, 'is a directory; allowed a plan file (.yaml, .yml or .json)');
    size = info.size;
  } catch (error) {
    if (error instanceof PlanInvalidError) throw error;
    fail(path, fileErrorText(error));
  }
  if (size > MAX_PLAN_BYTES) {
    fail(
      path,
      `file too large; got ${Math.ceil(size / 1024)} KiB; allowed at most ${MAX_PLAN_BYTES / 1024} KiB`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    fail(path, fileErrorText(error));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail(path, 'not UTF-8 text; allowed a YAML or JSON plan file in UTF-8');
  }
  const document = parsePlanText(text, path);
  if (document === null || document === undefined)
    fail(path, 'empty plan; allowed a mapping with name, router, targets, from, to, steps');
  if (typeof document !== 'object' || Array.isArray(document)) {
    fail(
      path,
      `not a mapping; got ${describeValue(document)}; allowed a mapping with name, router, targets, from, to, steps`,
    );
  }
  return document;
}

function fileErrorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file; check the path';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read the file (permission denied)';
    case 'EISDIR':
      return 'is a directory; allowed a plan file (.yaml, .yml or .json)';
    default:
      return `cannot read the file (${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * Reads and resolves a plan; with `now`, also refuses a plan whose `notAfter` has passed. Throws
 * PlanInvalidError listing every problem, each formatted by `formatProblem`.
 */
export async function loadPlan(path: string, opts: { readonly now?: Date } = {}): Promise<ResolvedPlan> {
  const document = await readPlanDocument(path);
  const result = resolvePlan(document);
  if (!result.ok) throw new PlanInvalidError(result.problems.map(formatProblem));
  const stale = opts.now === undefined ? undefined : staleProblem(result.plan, opts.now);
  if (stale !== undefined) throw new PlanInvalidError([formatProblem(stale)]);
  return result.plan;
}
