// The state machine's failure paths on the sandbox: the real ASL, handlers and adapters over the
// simulated account, each fault written as a scenario fault (so a team can rehearse it too). Every
// ending is one DESIGN §7 allows: the snapshot back byte for byte and verified, or a state a human
// owns, announced by an event, with the lease kept.
import { describe, expect, it } from 'vitest';
import { WRITER_GRACE_SECONDS } from '#core/use-cases/safety-net';
import { createHandler as createSafetyNet } from '#functions/safety-net/create-handler';
import { runLocalExecution } from '#local/executor';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { createRehearsalEnvironment, type RehearsalResult, rehearse } from '#local/rehearsal/run-rehearsal';
import { Sandbox } from '#local/sandbox/index';
import { loadScenario, resolveScenario, type Scenario } from '#local/scenario/scenario';
import { buildWorld } from '#local/scenario/world';
import { VirtualClock } from '#local/virtual-clock';
import { CutoverEventType } from '#ports/event-sink';
import { localContext } from '#runtime/lambda-handler';

const { plan, document } = await loadPlanFile('examples/vm-to-ecs.yaml', process.cwd());
const ROUTER = plan.router.arn;
const scenario = (faults: unknown[]) => resolveScenario({ faults }, plan, 'test');

/** The router's actions as the sandbox holds them at the start: a restore must give these bytes back. */
function initialActions(s: Scenario): string {
  return JSON.stringify(new Sandbox(buildWorld(plan, s), new VirtualClock(s.startAt)).elb.actionsOf(ROUTER));
}

async function rehearseFaults(faults: unknown[] | Scenario) {
  const s = Array.isArray(faults) ? scenario(faults) : faults;
  const result = await rehearse({ plan, planDocument: document, scenario: s });
  // API facts first: reading the lease and the audit log below are requests too.
  const calls = result.sandbox.calls;
  const writes = calls.filter((call) => call.command === 'ModifyListener');
  return {
    ...result,
    initial: initialActions(s),
    live: JSON.stringify(result.sandbox.elb.actionsOf(ROUTER)),
    modifyListener: {
      ok: writes.filter((call) => !call.error).length,
      failed: writes.filter((c) => c.error),
    },
    lease: await result.deps.leases.read(ROUTER),
    audit: (await result.deps.audit.list({ planName: plan.name, limit: 100 })).map((entry) => entry.action),
    eventTypes: result.sandbox.events.map((event) => event.detailType),
  };
}

const routerWrites = (result: RehearsalResult) =>
  result.sandbox.elb.writes.filter((write) => write.routerArn === ROUTER && write.by !== 'initial');

describe('failure paths on the sandbox', () => {
  it('a Shift Lambda that dies after its write is retried without a second step', async () => {
    // Prepare: the first and the second shift each die once after ModifyListener landed
    const faults = [
      { at: '0s', lambdaCrashAfterWrite: 'Shift' },
      { at: '10m', lambdaCrashAfterWrite: 'Shift' },
    ];
    // Act
    const healthy = await rehearseFaults([]);
    const crashed = await rehearseFaults(faults);
    // Assess: same five writes, one per step, one shift record per step
    expect(crashed.summary.outcome).toBe('succeeded');
    expect(crashed.summary.finalWeights).toEqual({ vm: 0, ecs: 100, eks: 0 });
    expect(crashed.modifyListener.ok).toBe(5);
    expect(routerWrites(crashed).map((write) => write.albWeights)).toEqual(
      routerWrites(healthy).map((write) => write.albWeights),
    );
    expect(crashed.audit.filter((action) => action === 'shift')).toHaveLength(5);
    // the two retries re-read the lease and the router (and found the step already written)
    expect(crashed.summary.apiCalls.DescribeListeners).toBeGreaterThan(
      healthy.summary.apiCalls.DescribeListeners ?? 0,
    );
    expect(crashed.timeline.faults.map((fault) => fault.description)).toEqual([
      'Shift dies after its work ×1',
      'Shift dies after its work ×1',
    ]);
  });

  it('abort-mid-step.yaml: a graceful abort rolls back at the next gate poll to the byte-identical snapshot', async () => {
    // Prepare: `cutover abort` by alice at 15m, while step 2 (5 %) bakes
    const file = 'examples/scenarios/abort-mid-step.yaml';
    // Act
    const result = await rehearseFaults(await loadScenario(file, plan));
    // Assess
    expect(result.summary.outcome).toBe('rolled_back');
    expect(result.summary.error?.name).toBe('AbortRequested');
    expect(result.summary.error?.cause).toContain('aborted by alice: customer complaints');
    expect(result.summary.error?.cause).toContain('snapshot restored and verified');
    expect(result.live).toBe(result.initial);
    // two shifts (1 %, 5 %), then the one rollback write at the poll that saw the flag
    expect(result.modifyListener.ok).toBe(3);
    expect(result.summary.rollback).toMatchObject({ faultAtSeconds: 900, restoredAtSeconds: 900 });
    expect(result.eventTypes).toContain(CutoverEventType.RolledBack);
    expect(result.lease?.released).toBe(true);
  });

  it('a rollback whose writes keep failing ends RollbackFailed, lease kept, announced, never a success', async () => {
    // Act: ecs fails its gate at 25m; from 27m every ModifyListener answers ServiceUnavailable
    const result = await rehearseFaults([
      { at: '25m', target: 'ecs', set: { errorPercent: 8 } },
      { at: '27m', api: 'ModifyListener', error: 'ServiceUnavailable', count: 10_000 },
    ]);
    // Assess
    expect(result.execution.status).toBe('FAILED');
    expect(result.summary.outcome).toBe('failed');
    expect(result.summary.error?.name).toBe('RollbackFailed');
    expect(result.summary.error?.cause).toContain('the lease is kept');
    expect(result.summary.rollback).toBeNull();
    expect(result.eventTypes).toContain(CutoverEventType.RollbackFailed);
    expect(result.eventTypes).not.toContain(CutoverEventType.RolledBack);
    expect(result.lease).toMatchObject({ released: false, owner: result.executionArn });
    expect(result.audit).toContain('failed');
    // the router is left at step 3 for a human (no write landed after the three shifts):
    // 11 Rollback attempts (the ASL's 10 retries) × 5 SDK attempts each
    expect(result.summary.finalWeights).toEqual({ vm: 75, ecs: 25, eks: 0 });
    expect(result.modifyListener.ok).toBe(3);
    expect(result.modifyListener.failed).toHaveLength(55);
  });

  it('a snapshot naming a deleted target group fails loudly as SnapshotUnrestorable, lease kept', async () => {
    // Act: vm (the way back) is deleted mid-bake of step 2
    const result = await rehearseFaults([{ at: '15m', deleteTargetGroup: 'vm' }]);
    // Assess
    expect(result.summary.outcome).toBe('failed');
    expect(result.summary.error?.name).toBe('SnapshotUnrestorable');
    expect(result.summary.error?.cause).toContain('restore the router by hand');
    expect(result.eventTypes).toContain(CutoverEventType.RollbackFailed);
    expect(result.lease).toMatchObject({ released: false, owner: result.executionArn });
    // one restore attempt, refused by ELBv2, not retried (retrying cannot bring the group back)
    expect(result.modifyListener.ok).toBe(2);
    expect(result.modifyListener.failed.map((call) => call.error)).toEqual(['TargetGroupNotFoundException']);
  });

  it('a forced stop mid-bake is undone by the safety net: snapshot restored, lease released after the grace', async () => {
    // Act: `cutover abort --force` at 15m, while step 2 (5 %) bakes
    const result = await rehearseFaults([{ at: '15m', abort: { by: 'bob', reason: 'stuck', force: true } }]);
    // Assess
    expect(result.execution.status).toBe('ABORTED');
    expect(result.summary.outcome).toBe('rolled_back');
    expect(result.summary.error).toEqual({ name: 'AbortRequested', cause: 'stopped by bob: stuck' });
    expect(result.live).toBe(result.initial);
    expect(result.summary.rollback).toMatchObject({ detectedAtSeconds: 900, restoredAtSeconds: 900 });
    expect(result.lease).toMatchObject({ released: true, owner: `sweeper:${result.executionArn}` });
    // step 2 is written once step 1's 10 minutes are published and judged (within the 4m settle);
    // then the event's restore at 900 s, and one re-restore per sweep until the grace is over
    const times = routerWrites(result).map((write) => result.sandbox.clock.secondsAt(write.at));
    expect(times[0]).toBe(0);
    expect(times[1]).toBeGreaterThan(600);
    expect(times[1]).toBeLessThanOrEqual(600 + 240);
    expect(times.slice(2)).toEqual([900, 1200, 1500]);
    expect(result.audit.filter((action) => action === 'restore')).toHaveLength(1);
  });
});

describe('safety net handler on the sandbox after a stopped execution', () => {
  const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:stopped-mid-step';
  const STATE_MACHINE = 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:cutover';

  /** Runs the plan until it is stopped at 15m (mid-bake of step 2) and records it as ABORTED. */
  async function stoppedMidStep() {
    const s = scenario([]);
    const env = createRehearsalEnvironment(plan, s);
    const stop = new AbortController();
    env.clock.scheduleAtOffset(15 * 60_000, 'StopExecution', () => stop.abort());
    const result = await runLocalExecution({
      input: document,
      deps: env.deps,
      clock: env.clock,
      executionArn: EXECUTION,
      onApproval: async () => 'approve',
      stopSignal: stop.signal,
    });
    const stoppedAt = env.clock.now();
    env.sandbox.setExecution({
      executionArn: EXECUTION,
      stateMachineArn: STATE_MACHINE,
      name: 'stopped-mid-step',
      status: 'ABORTED',
      startDate: s.startAt,
      stopDate: stoppedAt,
    });
    const safetyNet = createSafetyNet(env.deps);
    const invoke = (event: unknown) => safetyNet(event as never, localContext('SafetyNet', 'test'));
    const writes = () => env.sandbox.calls.filter((call) => call.command === 'ModifyListener').length;
    return { ...env, result, stoppedAt, invoke, writes, initial: initialActions(s) };
  }
  const live = (sandbox: Sandbox) => JSON.stringify(sandbox.elb.actionsOf(ROUTER));

  it('the status-change event restores the snapshot at once and releases the lease only after the grace', async () => {
    // Prepare
    const env = await stoppedMidStep();
    const split = live(env.sandbox);
    const before = env.writes();
    // Act
    const first = await env.invoke({
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      detail: { executionArn: EXECUTION, status: 'ABORTED', stopDate: env.stoppedAt.getTime() },
    });
    const held = await env.deps.leases.read(ROUTER);
    await env.clock.sleep(WRITER_GRACE_SECONDS * 1000);
    const sweep = await env.invoke({ sweep: true });
    // Assess
    expect(env.result.status).toBe('ABORTED');
    expect(split).not.toBe(env.initial);
    expect(first).toMatchObject({ restored: [ROUTER], released: [] });
    expect(held).toMatchObject({ released: false, owner: `sweeper:${EXECUTION}`, token: 2 });
    expect(sweep).toMatchObject({ restored: [ROUTER], released: [ROUTER] });
    expect(live(env.sandbox)).toBe(env.initial);
    expect((await env.deps.leases.read(ROUTER))?.released).toBe(true);
    expect(env.writes() - before).toBe(2);
    expect(await env.deps.ledger.status(EXECUTION)).toBe('CLOSED');
    expect(env.sandbox.events.map((event) => event.detailType)).toContain(CutoverEventType.RolledBack);
  });

  it('a sweep alone (status-change event lost) restores and releases once the grace is over', async () => {
    // Prepare
    const env = await stoppedMidStep();
    await env.clock.sleep(WRITER_GRACE_SECONDS * 1000);
    // Act
    const sweep = await env.invoke({ sweep: true });
    // Assess
    expect(sweep).toMatchObject({ restored: [ROUTER], released: [ROUTER], failed: [] });
    expect(live(env.sandbox)).toBe(env.initial);
    expect(await env.deps.leases.read(ROUTER)).toMatchObject({
      released: true,
      owner: `sweeper:${EXECUTION}`,
    });
  });
});
