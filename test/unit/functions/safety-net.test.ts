import { describe, expect, it } from 'vitest';
import { AwsTransientError } from '#core/errors';
import { progressForStep } from '#core/progress';
import { createHandler as safetyNetHandler } from '#functions/safety-net/create-handler';
import { createHandler as shiftHandler } from '#functions/shift/create-handler';
import { resolvePlan } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';
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

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-1';
const resolved = resolvePlan(planDocument());
if (!resolved.ok) throw new Error('fixture plan invalid');
const plan: ResolvedPlan = resolved.plan;
const ctx = localContext('safety-net', 'test');

/** A cutover that took its lease and snapshot, then wrote step 2 (50/50) and stopped. */
async function strandedCutover(): Promise<{ w: FakeWorld; snapshotText: string; token: number }> {
  const w = healthyWorld(fakeWorld({ initialWeights: { [VM_TG]: 100, [ECS_TG]: 0 } }));
  const router = w.router(plan.router);
  const snapshotText = JSON.stringify(router.actions);
  const lease = await w.leases.acquire({
    routerArn: LISTENER_ARN,
    owner: EXECUTION,
    planName: plan.name,
    ttlSeconds: 86_400,
    now: w.clock.now(),
  });
  await w.ledger.open({
    executionArn: EXECUTION,
    planName: plan.name,
    routerArn: LISTENER_ARN,
    at: w.clock.now().toISOString(),
  });
  await w.leases.update(LISTENER_ARN, lease.token, { snapshot: await router.snapshot() });
  await router.setWeights({ [VM_TG]: 50, [ECS_TG]: 50 }, { expected: { [VM_TG]: 100, [ECS_TG]: 0 } });
  await w.leases.update(LISTENER_ARN, lease.token, { lastWritten: { [VM_TG]: 50, [ECS_TG]: 50 } });
  return { w, snapshotText, token: lease.token };
}

const statusChange = (status: string, stopDate: Date) => ({
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  detail: { executionArn: EXECUTION, status, stopDate: stopDate.getTime() },
});

describe('safety net', () => {
  it('restores the snapshot of an aborted execution with a higher token, closes it, and keeps the lease through the grace', async () => {
    // Prepare
    const { w, snapshotText, token } = await strandedCutover();
    // Act
    const result = await safetyNetHandler(w.deps)(statusChange('ABORTED', w.clock.now()), ctx);
    // Assess
    expect(result).toMatchObject({ restored: [LISTENER_ARN], released: [], failed: [] });
    expect(JSON.stringify(w.router(plan.router).actions)).toBe(snapshotText);
    const lease = w.leases.items.get(LISTENER_ARN);
    expect(lease).toMatchObject({ owner: `sweeper:${EXECUTION}`, token: token + 1, released: false });
    expect(await w.ledger.status(EXECUTION)).toBe('CLOSED');
    expect(w.events.types()).toEqual(['Cutover Rolled Back']);
    expect(w.audit.entries.map((entry) => entry.action)).toEqual(['restore']);
  });

  it('stops a late writer after the safety net closed its execution (PlanClosed, no write)', async () => {
    // Prepare
    const { w, token } = await strandedCutover();
    await safetyNetHandler(w.deps)(statusChange('ABORTED', w.clock.now()), ctx);
    const writes = w.router(plan.router).writes.length;
    // Act
    const late = shiftHandler(w.deps)(
      { plan, executionArn: EXECUTION, lease: { token }, progress: progressForStep(plan, 2) },
      localContext('shift', 'late'),
    );
    // Assess
    await expect(late).rejects.toMatchObject({ name: 'PlanClosed' });
    expect(w.router(plan.router).writes).toHaveLength(writes);
  });

  it('fences a writer whose lease was taken over during its write: LeaseLost after the write', async () => {
    // Prepare
    const { w, token } = await strandedCutover();
    const router = w.router(plan.router);
    const write = router.setWeights.bind(router);
    router.setWeights = async (desired, guard) => {
      const result = await write(desired, guard);
      await w.leases.takeOver({
        routerArn: LISTENER_ARN,
        owner: `sweeper:${EXECUTION}`,
        expectedToken: token,
        ttlSeconds: 60,
        now: w.clock.now(),
      });
      return result;
    };
    // Act
    const shift = shiftHandler(w.deps)(
      { plan, executionArn: EXECUTION, lease: { token }, progress: progressForStep(plan, 2) },
      localContext('shift', 'in-flight'),
    );
    // Assess: the write landed, but the writer stops and records nothing as its own
    await expect(shift).rejects.toMatchObject({ name: 'LeaseLost' });
    expect(w.leases.items.get(LISTENER_ARN)?.lastWritten).toEqual({ [VM_TG]: 50, [ECS_TG]: 50 });
    expect(w.audit.entries).toEqual([]);
  });

  it('re-verifies and releases on the next sweep once late writers are impossible', async () => {
    // Prepare: a Shift had recorded its intent (90/10) and was still writing when the execution stopped
    const { w, snapshotText, token } = await strandedCutover();
    await w.leases.update(LISTENER_ARN, token, { pendingWrite: { [VM_TG]: 90, [ECS_TG]: 10 } });
    const stoppedAt = w.clock.now();
    await safetyNetHandler(w.deps)(statusChange('FAILED', stoppedAt), ctx);
    w.executions.statuses.set(EXECUTION, { status: 'FAILED', stopDate: stoppedAt.toISOString() });
    w.router(plan.router).driftTo({ [VM_TG]: 90, [ECS_TG]: 10 }); // the late write landed
    w.clock.advance(10 * 60_000);
    // Act
    const result = await safetyNetHandler(w.deps)({ sweep: true }, ctx);
    // Assess
    expect(result).toMatchObject({ restored: [LISTENER_ARN], released: [LISTENER_ARN] });
    expect(JSON.stringify(w.router(plan.router).actions)).toBe(snapshotText);
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(true);
    expect(w.events.types()).toEqual(['Cutover Rolled Back']);
  });

  it('leaves a running execution alone on a sweep', async () => {
    // Prepare
    const { w } = await strandedCutover();
    w.executions.statuses.set(EXECUTION, { status: 'RUNNING' });
    // Act
    const result = await safetyNetHandler(w.deps)({ sweep: true }, ctx);
    // Assess
    expect(result).toMatchObject({ examined: 1, restored: [], released: [] });
    expect(w.leases.items.get(LISTENER_ARN)?.owner).toBe(EXECUTION);
  });

  it('ignores executions that do not own a lease (LeaseHeld, invalid plans)', async () => {
    // Prepare
    const { w } = await strandedCutover();
    // Act
    const result = await safetyNetHandler(w.deps)(
      {
        ...statusChange('FAILED', w.clock.now()),
        detail: { executionArn: `${EXECUTION}-other`, status: 'FAILED' },
      },
      ctx,
    );
    // Assess
    expect(result).toMatchObject({ restored: [], released: [] });
    expect(w.leases.items.get(LISTENER_ARN)?.owner).toBe(EXECUTION);
  });

  it('announces Rollback Failed and keeps the lease when the restore fails', async () => {
    // Prepare
    const { w } = await strandedCutover();
    w.faults.add('restore', () => new AwsTransientError('ModifyListener: throttled'), 10);
    // Act
    const result = await safetyNetHandler(w.deps)(statusChange('TIMED_OUT', w.clock.now()), ctx);
    // Assess
    expect(result.failed).toHaveLength(1);
    expect(w.events.types()).toEqual(['Cutover Rollback Failed']);
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(false);
  });
  it('leaves a lease another safety-net run took first to that run, without paging', async () => {
    // Prepare: the status-change event and a sweep race; the sweep takes the lease first
    const { w } = await strandedCutover();
    const takeOver = w.leases.takeOver.bind(w.leases);
    let raced = false;
    w.leases.takeOver = async (req) => {
      if (!raced) {
        raced = true;
        await takeOver({ ...req, owner: `sweeper:${EXECUTION}` });
      }
      return takeOver(req);
    };
    // Act
    const result = await safetyNetHandler(w.deps)(statusChange('ABORTED', w.clock.now()), ctx);
    // Assess
    expect(result.failed).toEqual([]);
    expect(w.events.types()).not.toContain('Cutover Rollback Failed');
  });

  it('releases a lease marked with drift without writing the router: the operator keeps their weights', async () => {
    // Prepare: the cutover found the operator's 70/30, marked drift, and its release then failed for good
    const { w, token } = await strandedCutover();
    const router = w.router(plan.router);
    router.driftTo({ [VM_TG]: 70, [ECS_TG]: 30 });
    await w.leases.update(LISTENER_ARN, token, {
      driftDetected: {
        expected: { [VM_TG]: 50, [ECS_TG]: 50 },
        live: { [VM_TG]: 70, [ECS_TG]: 30 },
        at: w.clock.now().toISOString(),
        targetNames: { [VM_TG]: 'vm', [ECS_TG]: 'ecs' },
      },
    });
    const writes = router.writes.length;
    // Act
    const result = await safetyNetHandler(w.deps)(statusChange('FAILED', w.clock.now()), ctx);
    // Assess
    expect(result).toMatchObject({ restored: [], released: [LISTENER_ARN], failed: [] });
    expect(router.writes).toHaveLength(writes);
    expect(router.liveWeights()).toEqual({ [VM_TG]: 70, [ECS_TG]: 30 });
    expect(w.leases.items.get(LISTENER_ARN)).toMatchObject({ token: token + 1, released: true });
    expect(await w.ledger.status(EXECUTION)).toBe('CLOSED');
    expect(w.events.types()).toEqual(['Cutover Drift Detected']);
    expect(w.events.events[0]?.detail).toMatchObject({
      weightsBefore: { vm: 50, ecs: 50 },
      weightsAfter: { vm: 70, ecs: 30 },
    });
    expect(w.audit.entries.map((entry) => [entry.action, entry.who])).toEqual([
      ['drift', 'cutover-safety-net'],
    ]);
  });
});
