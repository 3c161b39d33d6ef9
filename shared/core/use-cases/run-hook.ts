import type { HookPoint } from '#plan/hook-types';
import { CutoverEventType } from '#ports/event-sink';
import type { HookAnswer } from '#ports/hook-runner';
import { ConfigurationError } from '../errors.ts';
import { failureText } from '../failure-text.ts';
import { buildHookEvent } from '../hooks/hook-event.ts';
import { hookOutcome } from '../hooks/hook-outcome.ts';
import { toTargetNameWeights } from '../target-weights.ts';
import { emitEvent, expectedWeights, requireOwnLease } from './guards.ts';
import type { HookRun, RunHookInput } from './hook-shapes.ts';
import type { UseCaseDeps } from './ports.ts';

/**
 * RunHook: asks the plan's hook at `hookRun.point` once and says what the state machine does next
 * (pass, fail, or retry after a wait). Fenced by the lease like every task. A hook that cannot be
 * reached, times out or answers nonsense is a fail (fail closed). Final answers are audited and
 * announced (`Cutover Hook Answered`); retry-later answers only logged.
 */
export async function runHook(input: RunHookInput, deps: UseCaseDeps): Promise<HookRun> {
  const { plan, executionArn, hookRun } = input;
  const point = hookRun.point;
  const hook = plan.hooks?.[point];
  if (!hook) return { point, verdict: 'pass', attempt: 0, reason: `no ${point} hook in the plan` };
  const lease = await requireOwnLease(deps, plan, executionArn, input.lease.token);
  const now = deps.clock.now();
  const startedAt = hookRun.startedAt ?? now.toISOString();
  const deadline = new Date(Date.parse(startedAt) + hook.timeoutSeconds * 1000);
  const attempt = (hookRun.attempt ?? 0) + 1;
  const held = expectedWeights(lease);
  const event = buildHookEvent({
    plan,
    point,
    executionArn,
    progress: input.progress,
    weights: held ? toTargetNameWeights(plan, held) : {},
    attempt,
    deadline,
    now,
    ...(point === 'onRollback' && input.failure ? { reason: failureText(input.failure) } : {}),
  });
  const answer = await ask(deps, point, () => {
    if (!deps.hooks) throw new ConfigurationError(`hook ${point}: no hook runner is wired in this function`);
    return deps.hooks.call(hook, event);
  });
  const run = hookOutcome({
    run: { point, attempt, startedAt },
    answer,
    answeredAt: deps.clock.now(),
    deadline,
    defaultWaitSeconds: plan.intervalSeconds,
  });
  if (run.verdict === 'retry') {
    deps.log.info('hook asked to retry later', { hook: point, attempt, waitSeconds: run.waitSeconds });
    return run;
  }
  await announce(input, deps, run);
  return run;
}

/** The runner's answer; anything it throws (unreachable, timeout, wiring) is a fail that says why. */
async function ask(
  deps: UseCaseDeps,
  point: HookPoint,
  call: () => Promise<HookAnswer>,
): Promise<HookAnswer> {
  try {
    return await call();
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn('hook call failed', { hook: point, error: `${name}: ${message}` });
    return { verdict: 'fail', reason: `${name}: ${message}` };
  }
}

async function announce(input: RunHookInput, deps: UseCaseDeps, run: HookRun): Promise<void> {
  const { plan, executionArn } = input;
  const informational = run.point === 'onRollback' ? ' (informational: the rollback stands)' : '';
  const reason = `hook ${run.point} ${run.verdict === 'pass' ? 'passed' : 'failed'} after ${run.attempt} call${run.attempt === 1 ? '' : 's'}: ${run.reason}${informational}`;
  if (run.verdict === 'pass') deps.log.info('hook answered', { hook: run.point, reason });
  else deps.log.warn('hook answered', { hook: run.point, reason });
  try {
    await deps.audit.record({
      at: deps.clock.now().toISOString(),
      planName: plan.name,
      executionArn,
      routerArn: plan.router.arn,
      action: 'hook',
      token: input.lease.token,
      who: 'cutover',
      reason,
    });
  } catch (error) {
    deps.log.error('audit record not written', { action: 'hook', error: String(error) });
  }
  await emitEvent(deps, plan, executionArn, CutoverEventType.HookAnswered, {
    step: input.progress?.step ?? null,
    reason,
  });
}
