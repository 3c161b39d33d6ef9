import { describe, expect, it } from 'vitest';
import { AwsTransientError } from '#core/errors';
import { WRITER_GRACE_SECONDS } from '#core/use-cases/safety-net';
import { createHandler as safetyNetHandler } from '#functions/safety-net/create-handler';
import { type LocalExecutionOptions, runLocalExecution } from '#local/executor';
import { CutoverEventType } from '#ports/event-sink';
import { localContext } from '#runtime/lambda-handler';
import {
  ECS_TG,
  type FakeWorld,
  fakeWorld,
  healthyWorld,
  LISTENER_ARN,
  namedError,
  planDocument,
  VM_TG,
} from '#test/support/fakes';

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-vm-to-ecs-1';
const ROUTER = { kind: 'listener', arn: LISTENER_ARN } as const;

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

/** The router's raw actions as JSON text: the snapshot must come back byte for byte. */
const actionsText = (w: FakeWorld) => JSON.stringify(w.router(ROUTER as never).actions);
const routerOf = (w: FakeWorld) => w.router(ROUTER as never);
const auditActions = (w: FakeWorld) => w.audit.entries.map((entry) => entry.action);

describe('cutover state machine on the local executor', () => {
  it('walks every step to the final weights, verified, and releases the lease', async () => {
    // Prepare
    const w = world();
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result).toMatchObject({
      status: 'SUCCEEDED',
      output: { outcome: 'succeeded', finalWeights: { vm: 0, ecs: 100 } },
    });
    expect(routerOf(w).liveWeights()).toEqual({ [VM_TG]: 0, [ECS_TG]: 100 });
    expect(routerOf(w).writes.map((write) => write.kind === 'setWeights' && write.weights[ECS_TG])).toEqual([
      1, 50, 100,
    ]);
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(true);
    expect(await w.ledger.status(EXECUTION)).toBe('CLOSED');
    expect(auditActions(w)).toEqual(['started', 'shift', 'shift', 'shift', 'succeeded']);
    expect(w.events.types()).toEqual([
      'Cutover Started',
      'Cutover Step Started',
      'Cutover Step Passed',
      'Cutover Step Started',
      'Cutover Step Passed',
      'Cutover Step Started',
      'Cutover Step Passed',
      'Cutover Succeeded',
    ]);
    // 3 steps × 120 s bake at 15 s polls: at most 5 transitions per poll plus per-step overhead.
    expect(result.stateTransitions).toBeLessThanOrEqual(8 + 3 * 6 + 3 * (120 / 15 + 1) * 3);
  });

  it('rolls back to the byte-identical snapshot when a gate fails, naming gate, value and threshold', async () => {
    // Prepare
    const w = world();
    const before = actionsText(w);
    w.clock.at(200, () => w.metrics.set(ECS_TG, { requests: 1812, errors5xx: 43, p99Ms: 100 }));
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('GateFailed');
    expect(result.cause).toMatch(
      /^step 2\/3 halted: ecs 5XX 2\.37% vs source 0\.1%, [\d,]+ vs [\d.]+ expected in [\d,]+ requests > 2x source: evidence \S+ >= \S+ needed; rolling back to the snapshot/,
    );
    expect(result.cause).toContain('snapshot restored and verified');
    expect(actionsText(w)).toBe(before);
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(true);
    expect(w.events.types()).toEqual(expect.arrayContaining(['Cutover Gate Failed', 'Cutover Rolled Back']));
    expect(w.metricRecords.map((m) => m.name)).toEqual(expect.arrayContaining(['GateFailures', 'Rollbacks']));
  });

  it('rolls back at the next poll when every destination target turns unhealthy', async () => {
    // Prepare
    const w = world();
    const before = actionsText(w);
    w.clock.at(250, () => w.health.healthy.set(ECS_TG, 0));
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.error).toBe('GateFailed');
    expect(result.cause).toContain('ecs 0 healthy < 2 required');
    const rollback = w.audit.entries.find((entry) => entry.action === 'rollback');
    const detectedAfter = (Date.parse(rollback?.at ?? '') - w.clock.start) / 1000 - 250;
    expect(detectedAfter).toBeGreaterThanOrEqual(0);
    expect(detectedAfter).toBeLessThanOrEqual(15);
    expect(actionsText(w)).toBe(before);
  });

  it('pauses with the weights held when gates stay inconclusive beyond the limit', async () => {
    // Prepare: the destination never reports metrics (no datapoints)
    const w = world();
    w.metrics.values.delete(ECS_TG);
    const pauses: string[] = [];
    // Act
    const result = await run(w, planDocument(), {
      onPause: async (req) => {
        pauses.push(req.reason);
        return 'wait';
      },
    });
    // Assess
    expect(result.status).toBe('PAUSED');
    expect(pauses[0]).toMatch(
      /^step 1\/3 halted: 9 consecutive inconclusive polls > 8 .*holding the weights for a human/,
    );
    expect(routerOf(w).liveWeights()).toEqual({ [VM_TG]: 99, [ECS_TG]: 1 });
    const lease = w.leases.items.get(LISTENER_ARN);
    expect(lease?.released).toBe(false);
    expect(lease?.approval).toMatchObject({ kind: 'pause', step: 0 });
    expect(lease?.approval?.answer).toBeUndefined();
    expect(w.events.types()).toContain(CutoverEventType.Paused);
  });

  it('continues after a pause when the human approves', async () => {
    // Prepare: no data at first, metrics arrive while paused
    const w = world();
    w.metrics.values.delete(ECS_TG);
    // Act
    const result = await run(w, planDocument(), {
      onPause: async () => {
        w.metrics.set(ECS_TG, { requests: 2_000, errors5xx: 1, p99Ms: 100 });
        return 'resume';
      },
    });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
  });

  it('rolls back when an approval is rejected', async () => {
    // Prepare
    const w = world();
    const before = actionsText(w);
    const asked: number[] = [];
    // Act
    const result = await run(w, planDocument({ approval: { before: [50], timeout: '1h' } }), {
      onApproval: async (req) => {
        asked.push(req.step);
        return 'reject';
      },
    });
    // Assess
    expect(asked).toEqual([1]);
    expect(result.error).toBe('ApprovalRejected');
    expect(actionsText(w)).toBe(before);
    expect(w.events.types()).toEqual(
      expect.arrayContaining(['Cutover Awaiting Approval', 'Cutover Rolled Back']),
    );
    expect(JSON.stringify(w.events.events)).not.toContain('local-token');
  });

  it('applies approval.onTimeout: rollback', async () => {
    // Prepare
    const w = world();
    const before = actionsText(w);
    // Act
    const result = await run(
      w,
      planDocument({ approval: { before: [50], timeout: '1h', onTimeout: 'rollback' } }),
      {
        onApproval: async () => 'timeout',
      },
    );
    // Assess
    expect(result.error).toBe('States.Timeout');
    expect(result.cause).toMatch(
      /^step 2\/3 halted: approval not given within approval.timeout; rolling back/,
    );
    expect(actionsText(w)).toBe(before);
  });

  it('applies approval.onTimeout: pause — approve then continues', async () => {
    // Prepare
    const w = world();
    // Act
    const result = await run(
      w,
      planDocument({ approval: { before: [50], timeout: '1h', onTimeout: 'pause' } }),
      {
        onApproval: async () => 'timeout',
        onPause: async () => 'resume',
      },
    );
    // Assess
    expect(result.status).toBe('SUCCEEDED');
  });

  it('keeps the lease through an approval wait that starts after a long bake', async () => {
    // Prepare: step 1 bakes 2 h; the human approves step 2 after 23.5 h of its 24 h timeout, and
    // meanwhile a second cutover (a pipeline) tries to take the same router
    const w = world();
    let second: string | undefined;
    // Act
    const result = await run(
      w,
      planDocument({ bake: '2h', interval: '1m', approval: { before: [50], timeout: '24h' } }),
      {
        onApproval: async () => {
          w.clock.advance(23.5 * 3600 * 1000);
          second = await w.leases
            .acquire({
              routerArn: LISTENER_ARN,
              owner: 'second-execution',
              planName: 'other',
              ttlSeconds: 3600,
              now: w.clock.now(),
            })
            .then(
              () => 'acquired',
              (error: Error) => error.name,
            );
          return 'approve';
        },
      },
    );
    // Assess
    expect(second).toBe('LeaseHeld');
    expect(result.status).toBe('SUCCEEDED');
    expect(routerOf(w).liveWeights()).toEqual({ [VM_TG]: 0, [ECS_TG]: 100 });
  });

  it('keeps the lease through a week-long wait for the window after a long bake', async () => {
    // Prepare: Monday 10:00 Tokyo; step 1 goes out at 13:00 and bakes until the next Monday 16:00,
    // just after the window closed, so step 2 waits almost a week; at day 13 a second cutover
    // (a pipeline) tries to take the same router
    const w = world();
    let second: Promise<string> | undefined;
    w.clock.at(13 * 86_400, () => {
      second = w.leases
        .acquire({
          routerArn: LISTENER_ARN,
          owner: 'second-execution',
          planName: 'other',
          ttlSeconds: 3600,
          now: w.clock.now(),
        })
        .then(
          () => 'acquired',
          (error: Error) => error.name,
        );
    });
    // Act
    const result = await run(
      w,
      planDocument({
        steps: [1, 100],
        bake: '7d3h',
        interval: '5m',
        window: { timeZone: 'Asia/Tokyo', days: ['mon'], between: ['13:00', '16:00'] },
      }),
    );
    // Assess
    expect(await second).toBe('LeaseHeld');
    expect(result.status).toBe('SUCCEEDED');
    expect(routerOf(w).liveWeights()).toEqual({ [VM_TG]: 0, [ECS_TG]: 100 });
  });

  it('stops with zero router writes when another cutover holds the lease', async () => {
    // Prepare
    const w = world();
    await w.leases.acquire({
      routerArn: LISTENER_ARN,
      owner: 'other-execution',
      planName: 'other',
      ttlSeconds: 3600,
      now: w.clock.now(),
    });
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.error).toBe('LeaseHeld');
    expect(routerOf(w).writes).toEqual([]);
    expect(w.leases.items.get(LISTENER_ARN)?.owner).toBe('other-execution');
    expect(await w.ledger.status(EXECUTION)).toBeUndefined();
  });

  it('halts on drift without overwriting the operator, and releases the lease', async () => {
    // Prepare
    const w = world();
    w.clock.at(200, () => routerOf(w).driftTo({ [VM_TG]: 70, [ECS_TG]: 30 }));
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.error).toBe('DriftDetected');
    expect(result.cause).toContain('expected vm=50, ecs=50, live vm=70, ecs=30');
    expect(routerOf(w).liveWeights()).toEqual({ [VM_TG]: 70, [ECS_TG]: 30 });
    expect(routerOf(w).writes.filter((write) => write.kind === 'restore')).toEqual([]);
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(true);
    const drift = w.events.events.find((event) => event.type === CutoverEventType.DriftDetected);
    expect(drift?.detail).toMatchObject({
      weightsBefore: { vm: 50, ecs: 50 },
      weightsAfter: { vm: 70, ecs: 30 },
    });
  });

  it("leaves the operator's weights when the release after drift keeps failing and the safety net runs on FAILED", async () => {
    // Prepare
    const w = world();
    w.clock.at(200, () => routerOf(w).driftTo({ [VM_TG]: 70, [ECS_TG]: 30 }));
    w.faults.add(
      'leaseRelease',
      () => new AwsTransientError('UpdateItem: ThrottlingException (injected)'),
      100,
    );
    const result = await run(w, planDocument());
    const heldAfterRun = w.leases.items.get(LISTENER_ARN);
    const writes = routerOf(w).writes.length;
    w.faults.clear('leaseRelease');
    w.clock.advance(WRITER_GRACE_SECONDS * 1000);
    // Act
    const net = await safetyNetHandler(w.deps)(
      {
        source: 'aws.states',
        'detail-type': 'Step Functions Execution Status Change',
        detail: { executionArn: EXECUTION, status: 'FAILED', stopDate: w.clock.now().getTime() },
      },
      localContext('safety-net', 'after-drift'),
    );
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'DriftDetected' });
    expect(heldAfterRun).toMatchObject({
      released: false,
      driftDetected: { live: { [VM_TG]: 70, [ECS_TG]: 30 } },
    });
    expect(net).toMatchObject({ restored: [], released: [LISTENER_ARN], failed: [] });
    expect(routerOf(w).liveWeights()).toEqual({ [VM_TG]: 70, [ECS_TG]: 30 });
    expect(routerOf(w).writes).toHaveLength(writes);
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(true);
    expect(w.events.types()).not.toContain(CutoverEventType.RolledBack);
  });

  it('retries a write throttled three times and completes the step', async () => {
    // Prepare
    const w = world();
    w.faults.add(
      'setWeights',
      () => new AwsTransientError('ModifyListener: ThrottlingException (injected)'),
      3,
    );
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(routerOf(w).writes).toHaveLength(3);
  });

  it('does not double-step when the Lambda dies after its write and is retried', async () => {
    // Prepare
    const w = world();
    w.faults.add('setWeights', () => namedError('Lambda.Unknown', 'Task timed out after 60.00 seconds'), 1, {
      after: true,
    });
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(routerOf(w).writes).toHaveLength(3);
    expect(auditActions(w).filter((action) => action === 'shift')).toHaveLength(3);
  });

  it('retries a failing rollback write until it succeeds', async () => {
    // Prepare
    const w = world();
    const before = actionsText(w);
    w.clock.at(200, () => w.health.healthy.set(ECS_TG, 0));
    w.faults.add('restore', () => new AwsTransientError('ModifyListener: ThrottlingException (injected)'), 4);
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.error).toBe('GateFailed');
    expect(actionsText(w)).toBe(before);
  });

  it('fails loudly and keeps the lease when the rollback cannot complete', async () => {
    // Prepare
    const w = world();
    w.clock.at(200, () => w.health.healthy.set(ECS_TG, 0));
    w.faults.add(
      'restore',
      () => new AwsTransientError('ModifyListener: ThrottlingException (injected)'),
      100,
    );
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.error).toBe('RollbackFailed');
    expect(result.cause).toContain('lease is kept');
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(false);
    expect(w.events.types()).toContain('Cutover Rollback Failed');
  });

  it('reports SnapshotUnrestorable when a snapshot target group vanished', async () => {
    // Prepare
    const w = world();
    w.clock.at(200, () => {
      w.health.healthy.set(ECS_TG, 0);
      routerOf(w).existingTargetGroups.delete(VM_TG);
    });
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.error).toBe('SnapshotUnrestorable');
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(false);
  });

  it('rolls back when an operator requests an abort, at the next gate poll', async () => {
    // Prepare
    const w = world();
    const before = actionsText(w);
    w.clock.at(300, () => w.leases.requestAbort(LISTENER_ARN, 'alice', 'customer complaints', w.clock.now()));
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.error).toBe('AbortRequested');
    expect(result.cause).toContain('aborted by alice: customer complaints');
    expect(actionsText(w)).toBe(before);
  });

  it('stops a redriven execution whose plan is closed with zero writes', async () => {
    // Prepare
    const w = world();
    await run(w, planDocument());
    const writes = routerOf(w).writes.length;
    const leaseWrites = w.leases.writes;
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.error).toBe('PlanClosed');
    expect(routerOf(w).writes).toHaveLength(writes);
    expect(w.leases.writes).toBe(leaseWrites);
  });

  it('refuses a stale plan before taking the lease', async () => {
    // Prepare
    const w = world();
    // Act
    const result = await run(w, planDocument({ notAfter: '2026-05-31T00:00:00Z' }));
    // Assess
    expect(result.error).toBe('StalePlan');
    expect(result.cause).toContain('notAfter');
    expect(w.leases.items.size).toBe(0);
    expect(routerOf(w).writes).toEqual([]);
  });

  it('refuses an invalid plan with every problem in the cause', async () => {
    // Prepare
    const w = world();
    // Act
    const result = await run(w, planDocument({ name: 'Bad Name', interval: 'soon' }));
    // Assess
    expect(result.error).toBe('PlanInvalid');
    expect(result.cause).toMatch(/^plan invalid \(2 problems\):\nname: .*\ninterval: /);
    expect(w.leases.items.size).toBe(0);
  });

  it('refuses an oversized execution input in Validate', async () => {
    // Prepare
    const w = world();
    // Act
    const result = await run(w, planDocument({ description: 'x'.repeat(40_000) }));
    // Assess
    expect(result.error).toBe('PlanInvalid');
    expect(result.cause).toContain('execution input too large');
  });

  it('fails preflight without writing when the destination is not ready', async () => {
    // Prepare
    const w = world();
    w.notReady.set('ecs', 'ecs service main/crawler: 1 of 3 tasks running');
    // Act
    const result = await run(w, planDocument());
    // Assess
    expect(result.error).toBe('PreflightFailed');
    expect(result.cause).toContain('1 of 3 tasks running');
    expect(routerOf(w).writes).toEqual([]);
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(true);
  });

  it('waits for the change window before each shift', async () => {
    // Prepare: the clock starts at 10:00 Tokyo on a Monday; the window opens at 13:00
    const w = world();
    // Act
    const result = await run(
      w,
      planDocument({ window: { timeZone: 'Asia/Tokyo', days: ['mon'], between: ['13:00', '17:00'] } }),
    );
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const firstShift = w.audit.entries.find((entry) => entry.action === 'shift');
    expect(firstShift?.at).toBe('2026-06-01T04:00:00.000Z');
  });
});
