// The issue-15 examples rehearsed for real (local executor, real handlers and adapters over the
// sandbox, the sandbox's Kubernetes API): each keeps the promise its scenario file states.
import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { loadScenario, resolveScenario } from '#local/scenario/scenario';

async function rehearseExample(planFile: string, scenario: string | Record<string, unknown>) {
  const { plan, document } = await loadPlanFile(planFile, process.cwd());
  const loaded =
    typeof scenario === 'string'
      ? await loadScenario(scenario, plan, scenario)
      : resolveScenario(scenario, plan, '(inline)');
  return rehearse({ plan, planDocument: document, scenario: loaded });
}

const ecsDesiredCounts = (sandbox: Awaited<ReturnType<typeof rehearse>>['sandbox']) =>
  sandbox.platforms.ecsServices.map((service) => service.desiredCount);

describe('EKS NodePort targets with Kubernetes readiness', () => {
  it('eks-pods-not-ready: Preflight refuses ACTIVE nodes with 0 ready pods; zero weight writes', async () => {
    const { summary } = await rehearseExample(
      'examples/vm-to-eks-nodeport.yaml',
      'examples/scenarios/eks-pods-not-ready.yaml',
    );
    expect(summary.outcome).not.toBe('succeeded');
    expect(summary.error?.name).toBe('PreflightFailed');
    expect(summary.error?.cause).toContain('deployment crawler/crawler: 0 of 3 replicas ready');
    expect(summary.apiCalls.ModifyListener).toBeUndefined();
    expect(summary.apiCalls.KubernetesGet).toBeGreaterThan(0);
    expect(summary.finalWeights).toEqual(summary.startWeights);
  });

  it('moves to NodePort targets once the pods are ready', async () => {
    const { summary } = await rehearseExample('examples/vm-to-eks-nodeport.yaml', {
      targets: { vm: { healthyTargets: 4 }, eks: { targetType: 'instance', healthyTargets: 3, replicas: 3 } },
      approvals: 'approve',
    });
    expect(summary.outcome).toBe('succeeded');
    expect(summary.finalWeights).toEqual({ vm: 0, eks: 100 });
  });

  it('a rollout in progress on the Deployment keeps Preflight from starting', async () => {
    const { summary } = await rehearseExample('examples/vm-to-eks-nodeport.yaml', {
      targets: { eks: { targetType: 'instance' } },
      faults: [{ at: '0s', rolloutInProgress: 'eks' }],
    });
    expect(summary.error?.name).toBe('PreflightFailed');
    expect(summary.error?.cause).toContain('rollout in progress');
    expect(summary.apiCalls.ModifyListener).toBeUndefined();
  });

  it('pods that stop being ready behind IP targets take the healthy targets with them', async () => {
    const { summary } = await rehearseExample('examples/vm-to-eks-nodeport.yaml', {
      targets: { vm: { healthyTargets: 4 }, eks: { targetType: 'ip', healthyTargets: 3 } },
      approvals: 'approve',
      faults: [{ at: '15m', deploymentReplicas: 'eks', ready: 0 }],
    });
    expect(summary.outcome).toBe('rolled_back');
    expect(summary.rollback?.gate).toBe('minHealthyTargets');
    expect(summary.finalWeights).toEqual({ vm: 100, eks: 0 });
  });
});

describe('capacity follows the weight', () => {
  it('destination-under-capacity: the 25% step is refused before its write; the snapshot is restored', async () => {
    const { summary, sandbox } = await rehearseExample(
      'examples/vm-to-ecs.yaml',
      'examples/scenarios/destination-under-capacity.yaml',
    );
    expect(summary.outcome).toBe('rolled_back');
    expect(summary.rollback?.reason).toContain('capacity: ecs would carry');
    expect(summary.rollback?.reason).toContain('needs 3 tasks; weights not written');
    expect(summary.steps.map((step) => step.weights.ecs)).toEqual([1, 5]);
    // Two step writes and the restore: the refused step never reached the router.
    expect(summary.apiCalls.ModifyListener).toBe(3);
    expect(sandbox.elb.writes.some((write) => JSON.stringify(write).includes('"Weight":25'))).toBe(false);
    expect(summary.finalWeights).toEqual({ vm: 100, ecs: 0, eks: 0 });
    expect(summary.apiCalls.UpdateService).toBeUndefined();
  });

  it('with scale ahead the step waits for 3 tasks, then the cutover succeeds; nothing is scaled down', async () => {
    const { summary, sandbox } = await rehearseExample(
      'examples/vm-to-ecs-scale-ahead.yaml',
      'examples/scenarios/destination-under-capacity.yaml',
    );
    expect(summary.outcome).toBe('succeeded');
    expect(summary.finalWeights).toEqual({ vm: 0, ecs: 100, eks: 0 });
    const [, second, third] = summary.steps;
    // The 25% step started only after the new tasks started and passed a health check.
    expect((third?.startedAtSeconds ?? 0) - (second?.startedAtSeconds ?? 0)).toBeGreaterThan(600 + 60);
    expect(summary.apiCalls.UpdateService).toBeGreaterThanOrEqual(1);
    expect(Math.min(...ecsDesiredCounts(sandbox))).toBeGreaterThanOrEqual(3);
    expect(summary.apiCalls.SetDesiredCapacity).toBeUndefined();
  });

  it('scale ahead that never turns healthy (scaleFails) halts the step unwritten after a bounded wait', async () => {
    const { summary } = await rehearseExample('examples/vm-to-ecs-scale-ahead.yaml', {
      seed: 42,
      targets: { vm: { healthyTargets: 15 }, ecs: { healthyTargets: 2 } },
      approvals: 'approve',
      faults: [{ at: '0s', scaleFails: 'ecs' }],
    });
    expect(summary.outcome).toBe('rolled_back');
    expect(summary.error?.name).toBe('CapacityPending');
    expect(summary.steps.map((step) => step.weights.ecs)).toEqual([1, 5]);
    expect(summary.finalWeights).toEqual({ vm: 100, ecs: 0, eks: 0 });
    // 9 invocations × 30 s of waiting at most, after the two 10-minute bakes and their settling
    // (each step waits up to 4m for its last minutes of metrics to be judged).
    expect(summary.durationSeconds).toBeLessThanOrEqual(2 * (600 + 240) + 9 * 30 + 60);
  });
});

describe('retreat drills', () => {
  it('retreat-drill-healthy: succeeds, returns to the start weights, says when the way back worked', async () => {
    const { summary } = await rehearseExample(
      'examples/retreat-drill.yaml',
      'examples/scenarios/retreat-drill-healthy.yaml',
    );
    expect(summary.outcome).toBe('succeeded');
    expect(summary.finalWeights).toEqual(summary.startWeights);
    expect(summary.steps.map((step) => step.weights.vm)).toEqual([1, 5, 0]);
    expect(summary.drill).toMatchObject({ wayBackTo: 'vm', wayBackWorked: true });
    expect(Date.parse(summary.drill?.lastWorkedAt ?? '')).toBeGreaterThan(Date.parse('2026-03-03T01:00:00Z'));
  });

  it('refuses to start a drill from a split: its end could not restore the start', async () => {
    const { summary } = await rehearseExample('examples/retreat-drill.yaml', {
      startAt: '2026-03-03T10:00:00+09:00',
      initialWeights: { ecs: 90, vm: 10 },
    });
    expect(summary.error?.name).toBe('PreflightFailed');
    expect(summary.error?.cause).toContain('retreat drill starts with all traffic on ecs; got ecs=90%');
    expect(summary.apiCalls.ModifyListener).toBeUndefined();
  });

  it('retreat-drill-vm-fails: halts, weights back to the start, not succeeded', async () => {
    const { summary } = await rehearseExample(
      'examples/retreat-drill.yaml',
      'examples/scenarios/retreat-drill-vm-fails.yaml',
    );
    expect(summary.outcome).not.toBe('succeeded');
    expect(summary.finalWeights).toEqual(summary.startWeights);
    expect(summary.drill).toEqual({ wayBackTo: 'vm', wayBackWorked: false, lastWorkedAt: null });
  });
});
