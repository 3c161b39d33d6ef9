import { createHash } from 'node:crypto';

/** Step Functions allows 1–80 characters and no whitespace, brackets, wildcards, punctuation or controls. */
const MAX_NAME = 80;
const HASH_CHARS = 16;

/**
 * The execution name for a plan: `<plan name>-<16 hex of sha256(canonical input)>`. The same plan
 * always gets the same name, so a re-run pipeline lands on the execution it started before (Step
 * Functions keeps names unique for 90 days); a changed plan gets a new one.
 */
export function executionName(planName: string, canonicalInput: string): string {
  const hash = createHash('sha256').update(canonicalInput).digest('hex').slice(0, HASH_CHARS);
  return `${namePrefix(planName)}-${hash}`;
}

/** The part of an execution name that comes from the plan name (made safe and short enough). */
export function namePrefix(planName: string): string {
  const safe = planName.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^-+|-+$/g, '') || 'plan';
  return safe.slice(0, MAX_NAME - HASH_CHARS - 1);
}

/** True when `name` is an execution name `start` would give a plan called `planName`. */
export function isExecutionNameOf(name: string, planName: string): boolean {
  const prefix = `${namePrefix(planName)}-`;
  return name.startsWith(prefix) && /^[0-9a-f]{16}$/.test(name.slice(prefix.length));
}
