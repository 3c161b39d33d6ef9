// The tested plan (test route + synthetic probe) rehearsed for real: local executor, real handlers
// and adapters, sandbox ALB. The probe reaches only the destination, catches a hard 5XX long before
// the ALB metrics could, and the test route is gone at the end.
import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { loadScenario } from '#local/scenario/scenario';

const { plan, document } = await loadPlanFile('examples/vm-to-ecs-tested.yaml', process.cwd());
const START = { vm: 100, ecs: 0, eks: 0 };
const source = plan.targets.vm?.targetGroupArn;

async function rehearseFile(file: string) {
  const scenario = await loadScenario(`examples/scenarios/${file}`, plan, file);
  return rehearse({ plan, planDocument: document, scenario });
}

describe('vm-to-ecs-tested: test route and probe', () => {
  it('probe-hard-5xx: rolls back by the probe within 20 s of the fault and removes the test route', async () => {
    // Act
    const { summary, sandbox } = await rehearseFile('probe-hard-5xx.yaml');
    // Assess
    expect(summary.outcome).toBe('rolled_back');
    expect(summary.rollback?.gate).toBe('probe');
    const { faultAtSeconds, restoredAtSeconds } = summary.rollback ?? {};
    expect((restoredAtSeconds ?? Number.POSITIVE_INFINITY) - (faultAtSeconds ?? 0)).toBeLessThanOrEqual(20);
    expect(summary.finalWeights).toEqual(START);
    expect(sandbox.elb.ruleChanges.map((change) => change.change)).toEqual(['created', 'deleted']);
    expect(sandbox.probeHits.length).toBeGreaterThan(0);
    expect(sandbox.probeHits.some((hit) => hit.targetGroupArn === source)).toBe(false);
  });

  it('healthy: the probe never halts a healthy destination, and the route is removed at success', async () => {
    // Act
    const { summary, sandbox } = await rehearseFile('healthy.yaml');
    // Assess
    expect(summary.outcome).toBe('succeeded');
    expect(sandbox.elb.ruleChanges.map((change) => change.change)).toEqual(['created', 'deleted']);
    expect(sandbox.probeHits.some((hit) => hit.targetGroupArn === source)).toBe(false);
  });
});
