// The stepped-rollback example rehearsed on the sandbox (real ASL, handlers and adapters over the
// simulated account): the promise in examples/scenarios/stepped-rollback.yaml, and the same plan
// with an operator's edit and a failing source on the way back.
import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { Sandbox } from '#local/sandbox/index';
import { loadScenario, resolveScenario, type Scenario } from '#local/scenario/scenario';
import { buildWorld } from '#local/scenario/world';
import { VirtualClock } from '#local/virtual-clock';

const { plan, document } = await loadPlanFile('examples/vm-to-ecs-stepped-rollback.yaml', process.cwd());
const START = { vm: 100, ecs: 0, eks: 0 };
const STEP_25 = { vm: 75, ecs: 25, eks: 0 };

function initialActions(s: Scenario): string {
  return JSON.stringify(
    new Sandbox(buildWorld(plan, s), new VirtualClock(s.startAt)).elb.actionsOf(plan.router.arn),
  );
}

describe('examples/scenarios/stepped-rollback.yaml', () => {
  it('rolls back 50 → 25 → snapshot: the step held its bake, the snapshot back byte for byte', async () => {
    // Prepare
    const scenario = await loadScenario(
      'examples/scenarios/stepped-rollback.yaml',
      plan,
      'stepped-rollback.yaml',
    );
    // Act
    const { summary, sandbox } = await rehearse({ plan, planDocument: document, scenario });
    // Assess: the promise in the file's header
    expect(summary.outcome).toBe('rolled_back');
    expect(summary.rollback?.gate).toBe('errorRate');
    expect(summary.steps.map((step) => step.result)).toEqual(['passed', 'passed', 'failed']);
    expect(summary.rollback?.steps?.map((step) => step.weights)).toEqual([STEP_25, START]);
    const [step, restored] = summary.rollback?.steps ?? [];
    expect((restored?.atSeconds ?? 0) - (step?.atSeconds ?? 0)).toBeGreaterThanOrEqual(60);
    expect(summary.rollback?.restoredAtSeconds).toBe(restored?.atSeconds);
    expect(summary.finalWeights).toEqual(START);
    expect(JSON.stringify(sandbox.elb.actionsOf(plan.router.arn))).toBe(initialActions(scenario));
  });

  it('skips to the snapshot when the VMs lose healthy targets during the 25% step', async () => {
    const scenario = resolveScenario(
      {
        faults: [
          { at: '18m', target: 'ecs', set: { errorPercent: 8 } },
          // Below retreat.minHealthyTargets (2): the source cannot hold even this step.
          { at: '20m50s', target: 'vm', set: { healthyTargets: 1 } },
        ],
      },
      plan,
      'test',
    );
    const { summary, sandbox } = await rehearse({ plan, planDocument: document, scenario });
    expect(summary.outcome).toBe('rolled_back');
    expect(summary.rollback?.steps?.map((step) => step.weights)).toEqual([STEP_25, START]);
    // Cut short: the snapshot came back before the step's 1m bake was over.
    const [step, restored] = summary.rollback?.steps ?? [];
    expect((restored?.atSeconds ?? 0) - (step?.atSeconds ?? 0)).toBeLessThan(60);
    expect(JSON.stringify(sandbox.elb.actionsOf(plan.router.arn))).toBe(initialActions(scenario));
  });

  it('leaves an operator’s weights set during the 25% step, and says so', async () => {
    const scenario = resolveScenario(
      {
        faults: [
          { at: '18m', target: 'ecs', set: { errorPercent: 8 } },
          { at: '21m', drift: { vm: 90, ecs: 10, eks: 0 } },
        ],
      },
      plan,
      'test',
    );
    const { summary } = await rehearse({ plan, planDocument: document, scenario });
    expect(summary.outcome).toBe('failed');
    expect(summary.error?.name).toBe('DriftDetected');
    expect(summary.finalWeights).toEqual({ vm: 90, ecs: 10, eks: 0 });
  });
});
