import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/**
 * The `plan:` a scenario file says it is written for, if any: harnesses that run every example
 * scenario (bench/run.ts, tests) pair each scenario with its plan instead of assuming one.
 */
export async function planHintOf(scenarioPath: string): Promise<string | undefined> {
  const raw: unknown = parse(await readFile(scenarioPath, 'utf8'));
  if (typeof raw !== 'object' || raw === null) return undefined;
  const plan = (raw as { plan?: unknown }).plan;
  return typeof plan === 'string' && plan.length > 0 ? plan : undefined;
}
