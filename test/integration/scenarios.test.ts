// Every example scenario, rehearsed for real: the local executor runs the ASL with the real handlers
// and adapters over the sandbox. Each scenario must give the outcome its file promises, and a
// rollback must put the router's actions back exactly as they were.
import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { Sandbox } from '#local/sandbox/index';
import { loadScenario } from '#local/scenario/scenario';
import { buildWorld } from '#local/scenario/world';
import { VirtualClock } from '#local/virtual-clock';

const { plan, document } = await loadPlanFile('examples/vm-to-ecs.yaml', process.cwd());
const START = { vm: 100, ecs: 0, eks: 0 };

async function rehearseFile(file: string) {
  const scenario = await loadScenario(`examples/scenarios/${file}`, plan, file);
  const result = await rehearse({ plan, planDocument: document, scenario });
  // The router's actions at the start, as the sandbox stores them (normalized like ELBv2 returns them).
  const initial = new Sandbox(buildWorld(plan, scenario), new VirtualClock(scenario.startAt)).elb.actionsOf(
    plan.router.arn,
  );
  const live = result.sandbox.elb.actionsOf(plan.router.arn);
  return { ...result, initialActions: JSON.stringify(initial), liveActions: JSON.stringify(live) };
}

describe('example scenarios on vm-to-ecs', () => {
  it('healthy: succeeds through every step to 100% on ecs', async () => {
    const { summary } = await rehearseFile('healthy.yaml');
    expect(summary.outcome).toBe('succeeded');
    expect(summary.finalWeights).toEqual({ vm: 0, ecs: 100, eks: 0 });
    expect(summary.steps.map((step) => step.result)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
    ]);
    expect(summary.rollback).toBeNull();
    expect(summary.apiCalls.ModifyListener).toBe(5);
  });

  it.each([
    { file: '5xx-spike.yaml', gate: 'errorRate', faultAt: 1500 },
    { file: 'latency-regression.yaml', gate: 'latencyP99', faultAt: 1500 },
    { file: 'destination-unhealthy.yaml', gate: 'minHealthyTargets', faultAt: 900 },
  ])(
    '$file: rolls back by the $gate gate and restores the snapshot byte for byte',
    async ({ file, gate, faultAt }) => {
      // Act
      const { summary, initialActions, liveActions } = await rehearseFile(file);
      // Assess
      expect(summary.outcome).toBe('rolled_back');
      expect(summary.rollback).toMatchObject({ gate, faultAtSeconds: faultAt });
      expect(summary.rollback?.detectedAtSeconds).toBeGreaterThan(faultAt);
      expect(summary.rollback?.restoredAtSeconds).toBeGreaterThanOrEqual(
        summary.rollback?.detectedAtSeconds ?? 0,
      );
      expect(summary.startWeights).toEqual(START);
      expect(summary.finalWeights).toEqual(START);
      expect(liveActions).toBe(initialActions);
      expect(summary.steps[summary.steps.length - 1]?.result).toBe('failed');
    },
  );

  it('destination-unhealthy: notices within health-check time, long before any metric could', async () => {
    const { summary } = await rehearseFile('destination-unhealthy.yaml');
    const rollback = summary.rollback;
    // 2 failed checks × 10 s mark the targets unhealthy; the next 15 s poll sees it.
    expect((rollback?.detectedAtSeconds ?? 0) - (rollback?.faultAtSeconds ?? 0)).toBeLessThanOrEqual(35);
  });

  it('api-throttling: the SDK retries the throttled calls and the cutover succeeds', async () => {
    const { summary, sandbox } = await rehearseFile('api-throttling.yaml');
    expect(summary.outcome).toBe('succeeded');
    expect(summary.apiCalls.ModifyListener).toBe(5 + 3);
    expect(sandbox.calls.filter((call) => call.error === 'ThrottlingException')).toHaveLength(7);
    expect(sandbox.retries.every((retry) => retry.errorType === 'THROTTLING')).toBe(true);
  });

  it('manual-drift: halts with DriftDetected, writes nothing more, leaves the operator’s weights', async () => {
    const { summary, sandbox } = await rehearseFile('manual-drift.yaml');
    expect(summary.outcome).toBe('failed');
    expect(summary.error?.name).toBe('DriftDetected');
    expect(summary.finalWeights).toEqual({ vm: 50, ecs: 50, eks: 0 });
    const writesAfterDrift = sandbox.elb.writes
      .filter((write) => write.by !== 'initial')
      .map((write) => write.by);
    expect(writesAfterDrift[writesAfterDrift.length - 1]).toBe('drift');
    expect(sandbox.events.map((event) => event.detailType)).toContain('Cutover Drift Detected');
  });

  it('lease-held: stops with LeaseHeld and not a single router write', async () => {
    const { summary, initialActions, liveActions } = await rehearseFile('lease-held.yaml');
    expect(summary.outcome).toBe('failed');
    expect(summary.error?.name).toBe('LeaseHeld');
    expect(summary.apiCalls.ModifyListener).toBeUndefined();
    expect(liveActions).toBe(initialActions);
  });

  it('approval-rejected: rolls back to the exact snapshot when the approver says no', async () => {
    const { summary, initialActions, liveActions } = await rehearseFile('approval-rejected.yaml');
    expect(summary.outcome).toBe('rejected');
    expect(summary.finalWeights).toEqual(START);
    expect(liveActions).toBe(initialActions);
    expect(summary.steps[summary.steps.length - 1]).toMatchObject({
      weights: { vm: 50, ecs: 50, eks: 0 },
      result: 'rejected',
    });
  });

  it('low-traffic: inconclusive gates never pass; the plan pauses with the weights held', async () => {
    const { summary } = await rehearseFile('low-traffic.yaml');
    expect(summary.outcome).toBe('paused');
    expect(summary.finalWeights).toEqual({ vm: 99, ecs: 1, eks: 0 });
    expect(summary.steps).toEqual([
      { weights: { vm: 99, ecs: 1, eks: 0 }, startedAtSeconds: 0, result: 'paused' },
    ]);
  });
});
