// Lifecycle hooks on the real state machine: the ASL, the RunHook handler and the real hook adapters
// (Lambda Invoke, Secrets Manager, signed POST) against the sandbox's hook endpoints.
import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { resolveScenario } from '#local/scenario/scenario';
import { resolvePlan } from '#plan/resolve';
import type { ResolvedPlan } from '#plan/types';
import { CutoverEventType } from '#ports/event-sink';

const { document } = await loadPlanFile('examples/vm-to-ecs-tested.yaml', process.cwd());
const LAMBDA = 'arn:aws:lambda:ap-northeast-1:123456789012:function:crawler-smoke';
const URL_HOOK = {
  url: 'https://hooks.example.com/cutover',
  secretArn: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:cutover-hook',
  timeout: '30s',
  retries: 2,
};

/** The example plan with some fields replaced: the resolved plan and the document the execution validates. */
function planWith(changes: Record<string, unknown>): { plan: ResolvedPlan; doc: unknown } {
  const doc = { ...(document as Record<string, unknown>), ...changes };
  const result = resolvePlan(doc);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return { plan: result.plan, doc };
}

async function run({ plan, doc }: { plan: ResolvedPlan; doc: unknown }, scenario: Record<string, unknown>) {
  const result = await rehearse({
    plan,
    planDocument: doc,
    scenario: resolveScenario(scenario, plan, 'test'),
  });
  const calls = result.sandbox.hooks.calls.map((call) => `${call.point}:${call.outcome}`);
  return {
    summary: result.summary,
    calls,
    writes: result.sandbox.calls.filter((call) => call.command === 'ModifyListener' && !call.error).length,
    audit: (await result.deps.audit.list({ planName: plan.name, limit: 100 })).map((entry) => entry.action),
    events: result.sandbox.events.map((event) => ({
      type: event.detailType,
      reason: (event.detail as { reason: string }).reason,
    })),
  };
}

describe('lifecycle hooks in the state machine', () => {
  it('a failing preTraffic hook ends the cutover before any weight is written, audited and announced', async () => {
    const result = await run(planWith({}), {
      hooks: { preTraffic: { answer: 'fail', reason: 'smoke red' } },
    });
    expect(result.writes).toBe(0);
    expect(result.summary.outcome).toBe('failed');
    expect(result.summary.error?.name).toBe('HookFailed');
    expect(result.summary.error?.cause).toMatch(/hook preTraffic failed: smoke red/);
    expect(result.audit).toContain('hook');
    expect(result.events).toContainEqual({
      type: CutoverEventType.HookAnswered,
      reason: expect.stringMatching(/hook preTraffic failed after 1 call: smoke red/),
    });
  });

  it('a hook that never answers times out and fails', async () => {
    const result = await run(
      planWith({ hooks: { preTraffic: { lambda: LAMBDA, timeout: '2m', retries: 0 } } }),
      {
        hooks: { preTraffic: 'never' },
      },
    );
    expect(result.writes).toBe(0);
    expect(result.calls).toEqual(['preTraffic:timeout']);
    expect(result.summary.error?.cause).toMatch(/hook preTraffic failed: HookTimeout/);
  });

  it('redelivers a flaky hook and asks again after retryLater, then goes on', async () => {
    const result = await run(planWith({}), {
      hooks: { preTraffic: { answer: 'pass', flaky: 2, retryLater: 2 } },
    });
    expect(result.calls).toEqual([
      'preTraffic:undelivered',
      'preTraffic:undelivered',
      'preTraffic:retryLater',
      'preTraffic:retryLater',
      'preTraffic:pass',
    ]);
    expect(result.summary.outcome).toBe('succeeded');
  });

  it('asks retryLater hooks until their timeout, then fails', async () => {
    const result = await run(planWith({ hooks: { preTraffic: { lambda: LAMBDA, timeout: '1m' } } }), {
      hooks: { preTraffic: { answer: 'pass', retryLater: 100 } },
    });
    expect(result.summary.outcome).toBe('failed');
    expect(result.summary.error?.cause).toMatch(/still retryLater/);
    expect(result.writes).toBe(0);
  });

  it('runs every hook at its point over signed HTTPS and succeeds when all pass', async () => {
    const hooks = {
      preTraffic: URL_HOOK,
      afterStep: URL_HOOK,
      beforeComplete: URL_HOOK,
      onRollback: URL_HOOK,
    };
    const result = await run(planWith({ hooks }), {});
    expect(result.summary.outcome).toBe('succeeded');
    expect(result.calls).toEqual([
      'preTraffic:pass',
      'afterStep:pass',
      'afterStep:pass',
      'afterStep:pass',
      'afterStep:pass',
      'beforeComplete:pass',
    ]);
  });

  it('a failing afterStep hook rolls back to the snapshot', async () => {
    const result = await run(planWith({ hooks: { afterStep: URL_HOOK } }), { hooks: { afterStep: 'fail' } });
    expect(result.summary.outcome).toBe('rolled_back');
    expect(result.summary.finalWeights).toEqual(result.summary.startWeights);
    expect(result.summary.error?.cause ?? result.summary.rollback?.reason).toMatch(/hook afterStep failed/);
  });

  it('a failing beforeComplete hook rolls back from the last step', async () => {
    const result = await run(planWith({ hooks: { beforeComplete: URL_HOOK } }), {
      hooks: { beforeComplete: 'fail' },
    });
    expect(result.summary.outcome).toBe('rolled_back');
    expect(result.summary.finalWeights).toEqual(result.summary.startWeights);
    expect(result.writes).toBe(5);
  });

  it('the onRollback hook is told after a rollback; its fail never stops the rollback', async () => {
    const result = await run(planWith({ hooks: { afterStep: URL_HOOK, onRollback: URL_HOOK } }), {
      hooks: { afterStep: 'fail', onRollback: 'fail' },
    });
    expect(result.calls).toEqual(['afterStep:fail', 'onRollback:fail']);
    expect(result.summary.outcome).toBe('rolled_back');
    expect(result.summary.finalWeights).toEqual(result.summary.startWeights);
  });

  it('under onFailure: pause, approving a failed preTraffic hook goes on to write the first step', async () => {
    const result = await run(planWith({ onFailure: 'pause' }), {
      hooks: { preTraffic: 'fail' },
      pauses: 'resume',
    });
    expect(result.calls[0]).toBe('preTraffic:fail');
    expect(result.summary.outcome).toBe('succeeded');
    expect(result.writes).toBe(4);
  });

  it('under onFailure: pause a failing hook holds the weights for a human', async () => {
    const result = await run(planWith({ onFailure: 'pause' }), {
      hooks: { preTraffic: 'fail' },
      pauses: 'wait',
    });
    expect(result.summary.outcome).toBe('paused');
    expect(result.writes).toBe(0);
  });
});
