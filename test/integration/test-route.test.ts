// The test route and the synthetic probe on the real ASL (local executor, real handlers, in-memory
// ports): the rule is created at Preflight, before the first weight write, and is gone at every
// ending — success, gate failure, abort, and an execution that died, via the safety net.
import { describe, expect, it } from 'vitest';
import { AwsTransientError } from '#core/errors';
import { WRITER_GRACE_SECONDS } from '#core/use-cases/safety-net';
import { createHandler as safetyNetHandler } from '#functions/safety-net/create-handler';
import { type LocalExecutionOptions, runLocalExecution } from '#local/executor';
import { localContext } from '#runtime/lambda-handler';
import {
  ECS_TG,
  type FakeWorld,
  fakeWorld,
  healthyWorld,
  LISTENER_ARN,
  planDocument,
  VM_TG,
} from '#test/support/fakes';

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-vm-to-ecs-1';
const ROUTER = { kind: 'listener', arn: LISTENER_ARN } as const;

const testedPlan = (gates: Record<string, unknown> = {}) =>
  planDocument({
    testRoute: { header: 'X-Cutover-Test' },
    gates: {
      minHealthyTargets: 2,
      errorRate: { maxPercent: 1, maxRatioToSource: 2, minRequests: 100 },
      alarms: ['crawler-ecs-cpu-high'],
      probe: { path: '/healthz', every: '5s' },
      ...gates,
    },
  });

function world(): FakeWorld {
  return healthyWorld(fakeWorld({ initialWeights: { [VM_TG]: 100, [ECS_TG]: 0 } }));
}

function run(w: FakeWorld, input: unknown, options: Partial<LocalExecutionOptions> = {}) {
  return runLocalExecution({
    input,
    deps: w.deps,
    clock: w.clock,
    executionArn: EXECUTION,
    onApproval: async () => 'approve',
    ...options,
  });
}

const auditActions = (w: FakeWorld) => w.audit.entries.map((entry) => entry.action);
const routerOf = (w: FakeWorld) => w.router(ROUTER as never);

describe('test route on the state machine', () => {
  it('creates one header rule to the destination before the first write and removes it on success', async () => {
    // Prepare
    const w = world();
    // Act
    const result = await run(w, testedPlan());
    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(w.testRoutes.creates).toBe(1);
    expect(w.testRoutes.deletes).toBe(1);
    expect(w.testRoutes.rules.size).toBe(0);
    const actions = auditActions(w);
    expect(actions.indexOf('test_route_created')).toBeLessThan(actions.indexOf('shift'));
    expect(actions.indexOf('test_route_removed')).toBeLessThan(actions.indexOf('succeeded'));
    expect(w.leases.items.get(LISTENER_ARN)?.testRoute).toBeUndefined();
    // The probe went through the test route: our header and value, the plan's path.
    expect(w.probe.requests.length).toBeGreaterThan(0);
    expect(w.probe.requests[0]).toMatchObject({
      header: 'X-Cutover-Test',
      value: 'crawler-vm-to-ecs',
      path: '/healthz',
      listenerArn: LISTENER_ARN,
    });
  });

  it('removes the rule when a gate fails and the snapshot is restored', async () => {
    // Prepare
    const w = world();
    w.clock.at(200, () => w.health.healthy.set(ECS_TG, 0));
    // Act
    const result = await run(w, testedPlan());
    // Assess
    expect(result).toMatchObject({ status: 'FAILED' });
    expect(routerOf(w).liveWeights()).toEqual({ [VM_TG]: 100, [ECS_TG]: 0 });
    expect(w.testRoutes.creates).toBe(1);
    expect(w.testRoutes.rules.size).toBe(0);
    expect(auditActions(w)).toContain('test_route_removed');
  });

  it('removes the rule after an operator abort', async () => {
    // Prepare
    const w = world();
    w.clock.at(300, () => w.leases.requestAbort(LISTENER_ARN, 'alice', 'customer complaints', w.clock.now()));
    // Act
    const result = await run(w, testedPlan());
    // Assess
    expect(result.error).toBe('AbortRequested');
    expect(w.testRoutes.rules.size).toBe(0);
  });

  it('rolls back by the probe gate when the destination answers every probe with a 5XX', async () => {
    // Prepare
    const w = world();
    w.clock.at(150, () => {
      w.probe.status = 503;
    });
    // Act
    const result = await run(w, testedPlan());
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'GateFailed' });
    expect(result.cause).toContain('probe 5/5 failed');
    expect(routerOf(w).liveWeights()).toEqual({ [VM_TG]: 100, [ECS_TG]: 0 });
    expect(w.testRoutes.rules.size).toBe(0);
  });

  it('keeps going when a single probe request fails', async () => {
    // Prepare
    const w = world();
    w.clock.at(150, () => w.probe.script.push(502));
    // Act
    const result = await run(w, testedPlan());
    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('creates no rule when preflight refuses the destination', async () => {
    // Prepare
    const w = world();
    w.health.healthy.set(ECS_TG, 0);
    // Act
    const result = await run(w, testedPlan());
    // Assess
    expect(result.error).toBe('PreflightFailed');
    expect(w.testRoutes.creates).toBe(0);
  });

  it('leaves the rule to the safety net when the execution dies, which removes it', async () => {
    // Prepare: the rollback cannot write, so the execution fails with the lease (and the rule) kept.
    const w = world();
    w.clock.at(200, () => w.health.healthy.set(ECS_TG, 0));
    w.faults.add(
      'restore',
      () => new AwsTransientError('ModifyListener: ThrottlingException (injected)'),
      100,
    );
    const result = await run(w, testedPlan());
    const kept = w.leases.items.get(LISTENER_ARN);
    const rulesAfterRun = w.testRoutes.rules.size;
    w.faults.clear('restore');
    w.health.healthy.set(ECS_TG, 3);
    w.clock.advance(WRITER_GRACE_SECONDS * 1000);
    // Act
    const net = await safetyNetHandler(w.deps)(
      {
        source: 'aws.states',
        'detail-type': 'Step Functions Execution Status Change',
        detail: { executionArn: EXECUTION, status: 'FAILED', stopDate: w.clock.now().getTime() },
      },
      localContext('safety-net', 'dead-execution'),
    );
    // Assess
    expect(result.error).toBe('RollbackFailed');
    expect(rulesAfterRun).toBe(1);
    expect(kept?.testRoute?.ruleArn).toBeDefined();
    expect(net.failed).toEqual([]);
    expect(w.testRoutes.rules.size).toBe(0);
    const removal = w.audit.entries.find((entry) => entry.action === 'test_route_removed');
    expect(removal?.who).toBe('cutover-safety-net');
  });
});
