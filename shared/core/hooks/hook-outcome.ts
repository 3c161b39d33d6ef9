import type { HookAnswer } from '#ports/hook-runner';
import type { HookRun } from '../use-cases/hook-shapes.ts';

/**
 * What one answer means for the hook run, given its deadline: pass and fail are final; retryLater
 * waits (the hook's `retryAfterSeconds`, else `defaultWaitSeconds`) and asks again — unless asking
 * again would fall after the deadline, which makes it a fail (a hook that never decides has not passed).
 * An answer that arrived after the deadline is a timeout, whatever it says.
 */
export function hookOutcome(args: {
  readonly run: HookRun & { readonly attempt: number; readonly startedAt: string };
  readonly answer: HookAnswer;
  readonly answeredAt: Date;
  readonly deadline: Date;
  readonly defaultWaitSeconds: number;
}): HookRun {
  const { run, answer, answeredAt, deadline } = args;
  const base = { point: run.point, attempt: run.attempt, startedAt: run.startedAt };
  const late = answeredAt.getTime() > deadline.getTime();
  if (late && answer.verdict !== 'fail') {
    return {
      ...base,
      verdict: 'fail',
      reason: `no answer within the timeout (answered ${answer.verdict} too late)`,
    };
  }
  if (answer.verdict === 'pass') return { ...base, verdict: 'pass', reason: answer.reason ?? 'passed' };
  if (answer.verdict === 'fail')
    return { ...base, verdict: 'fail', reason: answer.reason ?? 'failed (no reason given)' };
  const waitSeconds = Math.max(1, Math.round(answer.retryAfterSeconds ?? args.defaultWaitSeconds));
  if (answeredAt.getTime() + waitSeconds * 1000 >= deadline.getTime()) {
    return {
      ...base,
      verdict: 'fail',
      reason: `still retryLater after ${run.attempt} call${run.attempt === 1 ? '' : 's'} at the end of its timeout${answer.reason ? ` (${answer.reason})` : ''}`,
    };
  }
  return { ...base, verdict: 'retry', waitSeconds, reason: answer.reason ?? 'retryLater' };
}
