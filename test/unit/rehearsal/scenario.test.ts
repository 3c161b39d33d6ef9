import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ScenarioInvalidError } from '#core/errors';
import { defaultScenario, loadScenario, resolveScenario } from '#local/scenario/scenario';
import { buildWorld } from '#local/scenario/world';
import { loadPlan } from '#plan/index';

const plan = await loadPlan('examples/vm-to-ecs.yaml');

function problemsOf(raw: unknown): readonly string[] {
  try {
    resolveScenario(raw, plan, 'scenario.yaml');
  } catch (error) {
    if (error instanceof ScenarioInvalidError) return error.problems;
    throw error;
  }
  return [];
}

describe('scenario format', () => {
  it('defaults to a healthy world with 100% on the plan’s from', () => {
    const scenario = defaultScenario(plan);
    expect(scenario.initialWeights).toEqual({ vm: 100, ecs: 0, eks: 0 });
    expect(scenario.targets.ecs).toMatchObject({ healthyTargets: 3, ready: true });
    expect(scenario.approvals).toEqual(['approve']);
    expect(scenario.pauses).toBe('wait');
    expect(scenario.alarms).toEqual({ 'crawler-ecs-cpu-high': 'OK' });
    expect(scenario.faults).toEqual([]);
  });

  it('reads the DESIGN example and orders faults by time', () => {
    const scenario = resolveScenario(
      {
        seed: 42,
        requestsPerSecond: 200,
        healthCheck: { intervalSeconds: 10, unhealthyThreshold: 2, healthyThreshold: 2 },
        targets: {
          vm: { healthyTargets: 4, errorPercent: 0.1, p99Ms: 120 },
          ecs: { healthyTargets: 3, errorPercent: 0.1, p99Ms: 100 },
        },
        initialWeights: { vm: 100, ecs: 0 },
        approvals: 'approve',
        pauses: 'wait',
        faults: [
          { at: '25m', target: 'ecs', set: { errorPercent: 8 } },
          { at: '40m', target: 'ecs', set: { healthyTargets: 0 } },
          { at: '5m', api: 'ModifyListener', error: 'ThrottlingException', count: 3 },
          { at: '30m', drift: { vm: 50, ecs: 50 } },
          { at: '0s', leaseHeldBy: 'other-execution' },
        ],
      },
      plan,
      'design.yaml',
    );
    expect(scenario.faults.map((fault) => `${fault.kind}@${fault.atSeconds}`)).toEqual([
      'lease@0',
      'api@300',
      'target@1500',
      'drift@1800',
      'target@2400',
    ]);
    expect(scenario.initialWeights).toEqual({ vm: 100, ecs: 0 });
  });

  it('reads the fault kinds beyond the DESIGN example: abort, deleteTargetGroup, lambdaCrashAfterWrite', () => {
    const scenario = resolveScenario(
      {
        faults: [
          { at: '20m', abort: { by: 'alice', reason: 'customer complaints' } },
          { at: '30m', abort: { by: 'bob', reason: 'stuck', force: true } },
          { at: '15m', deleteTargetGroup: 'vm' },
          { at: '10m', lambdaCrashAfterWrite: 'Shift' },
          { at: '10m', lambdaCrashAfterWrite: 'Rollback', count: 3 },
        ],
      },
      plan,
      'more.yaml',
    );
    expect(scenario.faults).toEqual([
      { kind: 'lambdaCrash', atSeconds: 600, fn: 'Shift', count: 1 },
      { kind: 'lambdaCrash', atSeconds: 600, fn: 'Rollback', count: 3 },
      { kind: 'deleteTargetGroup', atSeconds: 900, target: 'vm' },
      { kind: 'abort', atSeconds: 1200, by: 'alice', reason: 'customer complaints', force: false },
      { kind: 'abort', atSeconds: 1800, by: 'bob', reason: 'stuck', force: true },
    ]);
  });

  it.each([
    {
      raw: { seeed: 1 },
      problem: /scenario\.yaml: seeed: unknown field; allowed .*seed.* — hint: did you mean `seed`\?/,
    },
    {
      raw: { targets: { ecs: { errorPercnt: 8 } } },
      problem: /targets\.ecs\.errorPercnt: unknown field.* did you mean `errorPercent`/,
    },
    {
      raw: { targets: { ecss: { healthyTargets: 2 } } },
      problem: /targets\.ecss: unknown target "ecss"; allowed vm, ecs, eks — hint: did you mean `ecs`\?/,
    },
    {
      raw: { initialWeights: { vm: 90, ecs: 0 } },
      problem: /initialWeights: weights must sum to 100; got 90/,
    },
    {
      raw: { healthCheck: { intervalSeconds: 2 } },
      problem: /healthCheck\.intervalSeconds: too small; got 2; allowed an integer 5–300/,
    },
    { raw: { approvals: 'maybe' }, problem: /approvals: / },
    {
      raw: { faults: [{ at: '5m', target: 'ecs', set: { errorPercent: 120 } }] },
      problem: /faults\[0\]\.set\.errorPercent: too large; got 120; allowed a percent 0–100/,
    },
    {
      raw: { faults: [{ at: 300, target: 'ecs', set: { errorPercent: 5 } }] },
      problem: /faults\[0\]\.at: wrong type; got 300/,
    },
    {
      raw: { faults: [{ at: '5m', api: 'ModifyListenerCommand', error: 'ThrottlingException' }] },
      problem: /faults\[0\]\.api: unknown API "ModifyListenerCommand".* did you mean `ModifyListener`/,
    },
    {
      raw: { faults: [{ at: '5m', targt: 'ecs', set: {} }] },
      problem: /faults\[0\]: fault of unknown kind; got fields targt, set.* did you mean `target`/,
    },
    {
      raw: { faults: [{ at: '5m', target: 'ecs', drift: { vm: 100 } }] },
      problem: /faults\[0\]: fault of several kinds at once; got target, drift/,
    },
    {
      raw: { faults: [{ at: '5m', drift: { vm: 60, ecs: 30 } }] },
      problem: /faults\[0\]\.drift: weights must sum to 100; got 90/,
    },
    {
      raw: { faults: [{ at: '5m', alarm: 'cpu', state: 'ALARM' }] },
      problem: /faults\[0\]\.alarm: unknown alarm "cpu"; allowed crawler-ecs-cpu-high/,
    },
    { raw: { metricsDelaySeconds: { min: 90, max: 60 } }, problem: /metricsDelaySeconds: min is above max/ },
    {
      raw: { faults: [{ at: '5m', abort: { by: 'alice' } }] },
      problem: /faults\[0\]\.abort\.reason: .*allowed why, in words/,
    },
    {
      raw: { faults: [{ at: '5m', deleteTargetGroup: 'vmm' }] },
      problem: /faults\[0\]\.deleteTargetGroup: unknown target "vmm".* did you mean `vm`/,
    },
    {
      raw: { faults: [{ at: '5m', lambdaCrashAfterWrite: 'Shfit' }] },
      problem: /faults\[0\]\.lambdaCrashAfterWrite: .*allowed Validate \| AcquireLease .*Shift/,
    },
    {
      raw: { faults: [{ at: '5m', lambdaCrashAfterWrite: 'Shift', count: 0 }] },
      problem: /faults\[0\]\.count: too small; got 0; allowed a whole number ≥ 1/,
    },
    { raw: [1, 2], problem: /\(scenario\): not a mapping; got a list of 2/ },
  ])('names the field: $problem', ({ raw, problem }) => {
    const problems = problemsOf(raw);
    expect(problems.join('\n')).toMatch(problem);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      seeed: 1,
      faults: [
        { at: '5m', target: 'nope', set: { p99Ms: 3 } },
        { at: 'soon', drift: {} },
      ],
    });
    expect(problems.length).toBe(1);
    const semantic = problemsOf({
      targets: { nope: {} },
      faults: [
        { at: '5m', target: 'nope', set: { p99Ms: 3 } },
        { at: '1m', drift: { vm: 1 } },
      ],
    });
    expect(semantic.length).toBe(3);
  });

  it('reports a YAML syntax error with line and column', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const dir = await mkdtemp('/tmp/scenario-');
    await writeFile(`${dir}/bad.yaml`, 'seed: 1\nfaults: [\n');
    await expect(loadScenario(`${dir}/bad.yaml`, plan)).rejects.toMatchObject({
      name: 'ScenarioInvalid',
      problems: [expect.stringMatching(/bad\.yaml:\d+:\d+: YAML syntax error/)],
    });
    await expect(loadScenario(`${dir}/missing.yaml`, plan)).rejects.toMatchObject({
      problems: [expect.stringMatching(/no such file/)],
    });
  });

  it('every example scenario is valid for examples/vm-to-ecs.yaml', async () => {
    const files = (await readdir('examples/scenarios')).filter((file) => file.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files)
      await expect(loadScenario(`examples/scenarios/${file}`, plan)).resolves.toBeDefined();
  });

  it('builds the world: the router forwards with the initial weights, one platform per target', () => {
    const world = buildWorld(plan, defaultScenario(plan));
    expect(world.listeners[0]?.arn).toBe(plan.router.listenerArn);
    expect(world.listeners[0]?.defaultActions[0]?.ForwardConfig?.TargetGroups?.map((t) => t.Weight)).toEqual([
      100, 0, 0,
    ]);
    expect(world.loadBalancer.arn).toBe(
      'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188',
    );
    expect(world.ecsServices).toEqual([
      { cluster: 'main', service: 'crawler', desiredCount: 3, ready: true },
    ]);
    expect(world.eksClusters).toEqual([{ name: 'main', nodegroups: ['general'], ready: true }]);
    expect(world.autoScalingGroups).toEqual([{ name: 'crawler', desiredCapacity: 3, ready: true }]);
  });
});
