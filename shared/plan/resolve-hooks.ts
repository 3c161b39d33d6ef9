import { parseDuration } from './duration.ts';
import type { HookPoint, Hooks, ObservedSplitGate, ResolvedHook } from './hook-types.ts';
import type { HookDocument, HooksDocument, ObservedSplitDocument } from './hooks-schema.ts';
import { describeValue, type PlanProblem, problem } from './problems.ts';

export const HOOK_DEFAULTS = { timeoutSeconds: 60, retries: 2 } as const;
export const OBSERVED_SPLIT_DEFAULTS = { tolerancePercent: 5, minutes: 3, minRequests: 100 } as const;
const MIN_HOOK_TIMEOUT_SECONDS = 1;
const MAX_HOOK_TIMEOUT_SECONDS = 3_600;

const LAMBDA_ARN =
  /^arn:aws(?:-[a-z]+)*:lambda:[a-z]{2}(?:-[a-z]+)+-\d+:(\d{12}):function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9$_-]{1,128})?$/;
const SECRET_ARN =
  /^arn:aws(?:-[a-z]+)*:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\d+:(\d{12}):secret:[A-Za-z0-9/_+=.@-]{1,512}$/;

/**
 * Every hook the plan names, resolved; problems for the rest. A hook must be reachable without
 * guessing: exactly one of lambda / url, an https URL, a signing secret for every URL (an unsigned
 * hook could be answered by anyone), and ARNs in the router's account (the IAM grants are scoped there).
 */
export function resolveHooks(
  doc: HooksDocument | undefined,
  accountId: string | undefined,
  problems: PlanProblem[],
): Hooks | undefined {
  if (doc === undefined) return undefined;
  const hooks: Partial<Record<HookPoint, ResolvedHook>> = {};
  for (const [point, hook] of Object.entries(doc) as [HookPoint, HookDocument | undefined][]) {
    if (hook === undefined) continue;
    const resolved = resolveHook(['hooks', point], hook, accountId, problems);
    if (resolved) hooks[point] = resolved;
  }
  return hooks;
}

function resolveHook(
  path: string[],
  hook: HookDocument,
  accountId: string | undefined,
  problems: PlanProblem[],
): ResolvedHook | undefined {
  const before = problems.length;
  const timeoutSeconds =
    hook.timeout === undefined ? HOOK_DEFAULTS.timeoutSeconds : parseDuration(hook.timeout);
  if (timeoutSeconds < MIN_HOOK_TIMEOUT_SECONDS || timeoutSeconds > MAX_HOOK_TIMEOUT_SECONDS) {
    problems.push(
      problem(
        [...path, 'timeout'],
        `out of range; got ${hook.timeout}; allowed 1s–1h`,
        'the timeout bounds the whole check, retryLater answers included; keep it within 1h',
      ),
    );
  }
  const retries = hook.retries ?? HOOK_DEFAULTS.retries;
  if ((hook.lambda === undefined) === (hook.url === undefined)) {
    problems.push(
      problem(
        path,
        `needs exactly one of lambda / url; got ${hook.lambda === undefined ? 'neither' : 'both'}`,
        'write lambda: arn:aws:lambda:<region>:<account>:function:<name>, or url: https://… with secretArn',
      ),
    );
    return undefined;
  }
  if (hook.lambda !== undefined) {
    if (hook.secretArn !== undefined)
      problems.push(
        problem(
          [...path, 'secretArn'],
          'only for url hooks; got a secretArn with lambda',
          'remove secretArn: Lambda hooks are authorized by IAM',
        ),
      );
    checkArn(
      [...path, 'lambda'],
      hook.lambda,
      LAMBDA_ARN,
      'arn:aws:lambda:<region>:<account>:function:<name>',
      accountId,
      problems,
    );
    return problems.length > before
      ? undefined
      : { kind: 'lambda', functionArn: hook.lambda, timeoutSeconds, retries };
  }
  const url = hook.url as string;
  if (!isHttpsUrl(url)) {
    problems.push(
      problem(
        [...path, 'url'],
        `not an https URL; got ${describeValue(url)}; allowed https://host/path`,
        'hook events carry plan and execution names: send them over TLS only',
      ),
    );
  }
  if (hook.secretArn === undefined) {
    problems.push(
      problem(
        [...path, 'secretArn'],
        'missing; a url hook needs the secret that signs its requests',
        'create a Secrets Manager secret shared with the receiver and name its ARN in secretArn',
      ),
    );
  } else {
    checkArn(
      [...path, 'secretArn'],
      hook.secretArn,
      SECRET_ARN,
      'arn:aws:secretsmanager:<region>:<account>:secret:<name>',
      accountId,
      problems,
    );
  }
  return problems.length > before
    ? undefined
    : { kind: 'url', url, secretArn: hook.secretArn as string, timeoutSeconds, retries };
}

function checkArn(
  path: string[],
  arn: string,
  pattern: RegExp,
  shape: string,
  accountId: string | undefined,
  problems: PlanProblem[],
): void {
  const match = pattern.exec(arn);
  if (!match) {
    problems.push(problem(path, `malformed ARN; got ${describeValue(arn)}; allowed ${shape}`));
    return;
  }
  if (accountId !== undefined && match[1] !== accountId) {
    problems.push(
      problem(
        path,
        `in account ${match[1]}; allowed the router's account ${accountId}`,
        "hooks run under the deployment's IAM role, which is granted only in its own account",
      ),
    );
  }
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

export function resolveObservedSplit(doc: ObservedSplitDocument | undefined): ObservedSplitGate | undefined {
  if (doc === undefined) return undefined;
  return {
    tolerancePercent: doc.tolerancePercent,
    minutes: doc.minutes ?? OBSERVED_SPLIT_DEFAULTS.minutes,
    minRequests: doc.minRequests ?? OBSERVED_SPLIT_DEFAULTS.minRequests,
  };
}
