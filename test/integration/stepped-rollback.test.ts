// Stepped rollback (plan `rollback`) on the real ASL with the real handlers over the in-memory ports:
// the way back in verified steps held while the source's gates are watched, cut short to the
// snapshot when the source fails, and a human's change mid-rollback respected.
import { describe, expect, it } from 'vitest';
import type { Weights } from '#core/weights';
import { type LocalExecutionOptions, runLocalExecution } from '#local/executor';
import { CutoverEventType } from '#ports/event-sink';
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

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-vm-to-ecs-stepped';
const ROUTER = { kind: 'listener', arn: LISTENER_ARN } as never;
/** Fails at 50%: the destination starts answering 2.4% 5XX while step 2/3 bakes. */
const FAULT_AT_SECONDS = 200;
const STEPPED = planDocument({ rollback: { steps: [40, 20, 0], bake: '1m' } });

function world(): FakeWorld {
  const w = healthyWorld(fakeWorld({ initialWeights: { [VM_TG]: 100, [ECS_TG]: 0 } }));
  w.clock.at(FAULT_AT_SECONDS, () => w.metrics.set(ECS_TG, { requests: 1812, errors5xx: 43, p99Ms: 100 }));
  return w;
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

/** Runs `action` `delaySeconds` after the router is first written with `ecs` percent on ecs. */
function afterWriteOf(w: FakeWorld, ecs: number, delaySeconds: number, action: () => void): void {
  const router = w.router(ROUTER);
  const write = router.setWeights.bind(router);
  let armed = true;
  router.setWeights = async (desired, guard) => {
    const result = await write(desired, guard);
    if (armed && desired[ECS_TG] === ecs) {
      armed = false;
      w.clock.at(w.clock.elapsedSeconds() + delaySeconds, action);
    }
    return result;
  };
}

const ecsShares = (w: FakeWorld) =>
  w.router(ROUTER).writes.map((write) => (write.kind === 'restore' ? 'snapshot' : write.weights[ECS_TG]));
const actionsText = (w: FakeWorld) => JSON.stringify(w.router(ROUTER).actions);

describe('stepped rollback on the local executor', () => {
  it('goes back 50 → 40 → 20 → snapshot, each step verified and held for its bake, and ends byte-identical', async () => {
    // Prepare
    const w = world();
    const before = actionsText(w);
    // Act
    const result = await run(w, STEPPED);
    // Assess
    expect(result.error).toBe('GateFailed');
    expect(result.cause).toContain('snapshot restored and verified');
    expect(ecsShares(w)).toEqual([1, 50, 40, 20, 'snapshot']);
    expect(actionsText(w)).toBe(before);
    const wayBack = w.audit.entries.filter((entry) => entry.action === 'rollback');
    expect(wayBack.map((entry) => entry.after)).toEqual([
      { [VM_TG]: 60, [ECS_TG]: 40 },
      { [VM_TG]: 80, [ECS_TG]: 20 },
      { [VM_TG]: 100, [ECS_TG]: 0 },
    ]);
    expect(wayBack[0]?.reason).toMatch(/^rollback step 1\/2 \(ecs 40%\): vm=60, ecs=40/);
    // Each step is held at least its bake (virtual time) before the next write.
    const at = wayBack.map((entry) => Date.parse(entry.at));
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(60_000);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(60_000);
    const lease = w.leases.items.get(LISTENER_ARN);
    expect(lease?.released).toBe(true);
    expect(w.events.types()).toEqual(expect.arrayContaining([CutoverEventType.RolledBack]));
  });

  it('without a `rollback` section restores the snapshot in one write, as always', async () => {
    const w = world();
    const before = actionsText(w);
    const result = await run(w, planDocument());
    expect(result.error).toBe('GateFailed');
    expect(ecsShares(w)).toEqual([1, 50, 'snapshot']);
    expect(actionsText(w)).toBe(before);
  });

  it('skips the remaining steps and restores the snapshot when the source fails during a step', async () => {
    // Prepare: the VMs start failing 3% of their requests 20 s into the first rollback step
    const w = world();
    const before = actionsText(w);
    afterWriteOf(w, 40, 20, () => w.metrics.set(VM_TG, { requests: 10_000, errors5xx: 300, p99Ms: 120 }));
    // Act
    const result = await run(w, STEPPED);
    // Assess: 20% is never written; the end state is still the snapshot, byte for byte
    expect(result.error).toBe('GateFailed');
    expect(ecsShares(w)).toEqual([1, 50, 40, 'snapshot']);
    expect(actionsText(w)).toBe(before);
    const restore = w.audit.entries.filter((entry) => entry.action === 'rollback').at(-1);
    expect(restore?.reason).toMatch(
      /remaining rollback steps skipped: rollback step 1\/2 \(ecs 40%\): source failed errorRate \(vm 5XX 3% > 1%/,
    );
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(true);
  });

  it('skips to the snapshot when the way back loses healthy targets below retreat.minHealthyTargets', async () => {
    const w = world();
    afterWriteOf(w, 40, 20, () => w.health.healthy.set(VM_TG, 1));
    const result = await run(w, STEPPED);
    expect(result.error).toBe('GateFailed');
    expect(ecsShares(w)).toEqual([1, 50, 40, 'snapshot']);
  });

  it('restores the snapshot in one write when the destination has no healthy target (a step would only fail users)', async () => {
    const w = healthyWorld(fakeWorld({ initialWeights: { [VM_TG]: 100, [ECS_TG]: 0 } }));
    w.clock.at(FAULT_AT_SECONDS, () => w.health.healthy.set(ECS_TG, 0));
    const result = await run(w, STEPPED);
    expect(result.error).toBe('GateFailed');
    expect(ecsShares(w)).toEqual([1, 50, 'snapshot']);
  });

  it('cuts a step short when the destination loses its last healthy target during it', async () => {
    const w = world();
    afterWriteOf(w, 40, 20, () => w.health.healthy.set(ECS_TG, 0));
    await run(w, STEPPED);
    expect(ecsShares(w)).toEqual([1, 50, 40, 'snapshot']);
    const restore = w.audit.entries.filter((entry) => entry.action === 'rollback').at(-1);
    expect(restore?.reason).toMatch(/ecs has no healthy target \(every request of its share fails\)/);
  });

  it('respects a human who changes the weights mid-rollback: halts with DriftDetected and writes nothing more', async () => {
    // Prepare: an operator moves the weights by hand 30 s into the first rollback step
    const w = world();
    const operator: Weights = { [VM_TG]: 90, [ECS_TG]: 10 };
    afterWriteOf(w, 40, 30, () => w.router(ROUTER).driftTo(operator));
    // Act
    const result = await run(w, STEPPED);
    // Assess
    expect(result.error).toBe('DriftDetected');
    expect(ecsShares(w)).toEqual([1, 50, 40]);
    expect(w.router(ROUTER).liveWeights()).toEqual(operator);
    expect(w.events.types()).toContain(CutoverEventType.DriftDetected);
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(true);
  });

  it('honours an abort during a rollback step by restoring the snapshot at once', async () => {
    const w = world();
    const before = actionsText(w);
    afterWriteOf(w, 40, 10, () => w.leases.requestAbort(LISTENER_ARN, 'alice', 'go back now', w.clock.now()));
    const result = await run(w, STEPPED);
    expect(ecsShares(w)).toEqual([1, 50, 40, 'snapshot']);
    expect(actionsText(w)).toBe(before);
    expect(result.error).toBe('GateFailed');
  });

  it('does not write a rollback step twice when the Lambda dies after writing it', async () => {
    // Prepare: the invocation that writes the 40% step dies after its write landed
    const w = world();
    const before = actionsText(w);
    afterWriteOf(w, 50, 0, () =>
      w.faults.add('setWeights', () => namedError('Lambda.Unknown'), 1, { after: true }),
    );
    // Act
    const result = await run(w, STEPPED);
    // Assess: the retry finds its own write, records it and holds it its full bake; the way back goes on
    expect(result.error).toBe('GateFailed');
    expect(ecsShares(w)).toEqual([1, 50, 40, 20, 'snapshot']);
    const wayBack = w.audit.entries
      .filter((entry) => entry.action === 'rollback')
      .map((entry) => Date.parse(entry.at));
    expect(wayBack).toHaveLength(3);
    expect((wayBack[1] ?? 0) - (wayBack[0] ?? 0)).toBeGreaterThanOrEqual(60_000);
    expect(actionsText(w)).toBe(before);
  });
});
