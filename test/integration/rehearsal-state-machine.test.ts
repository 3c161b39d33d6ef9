// State-machine paths beyond the example scenarios, run on the sandbox: the real ASL, handlers and
// adapters, with the faults injected below the SDK.
import { describe, expect, it } from 'vitest';
import { runLocalExecution } from '#local/executor';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { createRehearsalEnvironment, rehearse } from '#local/rehearsal/run-rehearsal';
import { resolveScenario } from '#local/scenario/scenario';
import { resolvePlan } from '#plan/index';

const { plan, document } = await loadPlanFile('examples/vm-to-ecs.yaml', process.cwd());
const scenario = (raw: Record<string, unknown>) => resolveScenario(raw, plan, 'test');

describe('state machine on the sandbox', () => {
  it('an approval that times out takes the plan’s onTimeout (rollback) after the full approval timeout', async () => {
    const { summary } = await rehearse({
      plan,
      planDocument: document,
      scenario: scenario({ approvals: 'timeout' }),
    });
    expect(summary.outcome).toBe('rolled_back');
    expect(summary.finalWeights).toEqual({ vm: 100, ecs: 0, eks: 0 });
    // three 10 min steps, then the 4 h approval window before step 4 runs out
    expect(summary.durationSeconds).toBeGreaterThanOrEqual(30 * 60 + 4 * 3600);
  });

  it('a rollback whose writes fail for a while keeps retrying and restores the snapshot', async () => {
    const { summary, sandbox } = await rehearse({
      plan,
      planDocument: document,
      scenario: scenario({
        faults: [
          { at: '25m', target: 'ecs', set: { errorPercent: 8 } },
          { at: '27m', api: 'ModifyListener', error: 'ServiceUnavailable', count: 8 },
        ],
      }),
    });
    expect(summary.outcome).toBe('rolled_back');
    expect(summary.finalWeights).toEqual({ vm: 100, ecs: 0, eks: 0 });
    expect(
      sandbox.calls.filter(
        (call) => call.command === 'ModifyListener' && call.error === 'ServiceUnavailable',
      ),
    ).toHaveLength(8);
  });

  it('a plan past notAfter at its (virtual) start stops in Validate with zero writes', async () => {
    const { summary } = await rehearse({
      plan,
      planDocument: document,
      scenario: scenario({ startAt: '2031-01-06T01:00:00Z' }),
    });
    expect(summary.outcome).toBe('failed');
    expect(summary.error?.name).toBe('StalePlan');
    expect(summary.apiCalls.ModifyListener).toBeUndefined();
  });

  it('a redrive of a finished execution finds its plan closed and writes nothing', async () => {
    // Prepare: one complete run
    const env = createRehearsalEnvironment(plan, scenario({}));
    const executionArn = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:redrive-test';
    const options = {
      input: document,
      deps: env.deps,
      clock: env.clock,
      executionArn,
      onApproval: async () => 'approve' as const,
    };
    const first = await runLocalExecution(options);
    const writes = env.sandbox.apiCalls().ModifyListener;
    // Act
    const second = await runLocalExecution(options);
    // Assess
    expect(first.status).toBe('SUCCEEDED');
    expect(second).toMatchObject({ status: 'FAILED' });
    expect(second.error).toBe('PlanClosed');
    expect(env.sandbox.apiCalls().ModifyListener).toBe(writes);
  });

  it('a destination whose platform is not ready stops in preflight before any write', async () => {
    const { summary } = await rehearse({
      plan,
      planDocument: document,
      scenario: scenario({ targets: { ecs: { ready: false } } }),
    });
    expect(summary.outcome).not.toBe('succeeded');
    expect(summary.error?.name).toBe('PreflightFailed');
    expect(summary.apiCalls.ModifyListener ?? 0).toBe(0);
  });
  it('a step that attaches a target group at 0 writes it into the forward action and goes on', async () => {
    // Prepare: eks is not in the listener's forward action; the first step only attaches it
    const { approval: _approval, window: _window, ...rest } = document as Record<string, unknown>;
    const attachFirst = {
      ...rest,
      bake: '2m',
      steps: [
        { weights: { vm: 100, ecs: 0, eks: 0 } },
        { weights: { vm: 50, ecs: 50, eks: 0 } },
        { weights: { vm: 0, ecs: 100, eks: 0 } },
      ],
    };
    const resolved = resolvePlan(attachFirst);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    // Act
    const { summary, sandbox } = await rehearse({
      plan: resolved.plan,
      planDocument: attachFirst,
      scenario: resolveScenario({ initialWeights: { vm: 100, ecs: 0 } }, resolved.plan, 'test'),
    });
    // Assess: the attach is a write of its own, then the two shifts
    expect(summary.outcome).toBe('succeeded');
    expect(summary.finalWeights).toEqual({ vm: 0, ecs: 100, eks: 0 });
    expect(sandbox.apiCalls().ModifyListener).toBe(3);
  });
});
