import { describe, expect, it } from 'vitest';
import { ErrorName } from '#core/errors';
import { progressForStep } from '#core/progress';
import type { Weights } from '#core/weights';
import { createHandler as rollbackHandler } from '#functions/rollback/create-handler';
import { createHandler as safetyNetHandler } from '#functions/safety-net/create-handler';
import { createHandler as shiftHandler } from '#functions/shift/create-handler';
import { createHandler as snapshotHandler } from '#functions/snapshot/create-handler';
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

// The operator's edit lands after the use-case read the router and before the router writes: the
// write must not happen, the drift must be on the lease (so no later restore fights the operator),
// and the announcement must speak in target names.

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:race-1';
const resolved = resolvePlan(planDocument());
if (!resolved.ok) throw new Error('fixture plan invalid');
const plan: ResolvedPlan = resolved.plan;
const HUMAN: Weights = { [VM_TG]: 70, [ECS_TG]: 30 };

/** A cutover that took its lease and stored its snapshot (100/0), optionally after writing 50/50. */
async function leasedCutover(options: { wroteHalf: boolean }): Promise<{ w: FakeWorld; token: number }> {
  const w = healthyWorld(fakeWorld({ initialWeights: { [VM_TG]: 100, [ECS_TG]: 0 } }));
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
  const input = { plan, executionArn: EXECUTION, lease: { token: lease.token } };
  await snapshotHandler(w.deps)(input, localContext('snapshot', 'race'));
  if (options.wroteHalf) {
    await w
      .router(plan.router)
      .setWeights({ [VM_TG]: 50, [ECS_TG]: 50 }, { expected: { [VM_TG]: 100, [ECS_TG]: 0 } });
    await w.leases.update(LISTENER_ARN, lease.token, { lastWritten: { [VM_TG]: 50, [ECS_TG]: 50 } });
  }
  return { w, token: lease.token };
}

function writesOf(w: FakeWorld) {
  return w.router(plan.router).writes;
}

describe('weights changed between the use-case read and the router write', () => {
  it('shift: writes nothing, marks the drift on the lease, and fails with DriftDetected', async () => {
    // Prepare
    const { w, token } = await leasedCutover({ wroteHalf: false });
    w.router(plan.router).driftAfterNextRead(HUMAN);
    // Act
    const result = shiftHandler(w.deps)(
      { plan, executionArn: EXECUTION, lease: { token }, progress: progressForStep(plan, 0) },
      localContext('shift', 'race'),
    );
    // Assess
    await expect(result).rejects.toMatchObject({
      name: ErrorName.DriftDetected,
      expected: { vm: 100, ecs: 0 },
      live: { vm: 70, ecs: 30 },
    });
    expect(writesOf(w)).toEqual([]);
    expect(w.router(plan.router).liveWeights()).toEqual(HUMAN);
    expect(w.leases.items.get(LISTENER_ARN)?.driftDetected).toMatchObject({
      expected: { [VM_TG]: 100, [ECS_TG]: 0 },
      live: HUMAN,
      targetNames: { [VM_TG]: 'vm', [ECS_TG]: 'ecs' },
    });
  });

  it('rollback: does not restore the snapshot over the change, marks the drift, and fails with DriftDetected', async () => {
    // Prepare
    const { w, token } = await leasedCutover({ wroteHalf: true });
    const writesBefore = writesOf(w).length;
    w.router(plan.router).driftAfterNextRead(HUMAN);
    // Act
    const result = rollbackHandler(w.deps)(
      { plan, executionArn: EXECUTION, lease: { token } },
      localContext('rollback', 'race'),
    );
    // Assess
    await expect(result).rejects.toMatchObject({ name: ErrorName.DriftDetected, live: { vm: 70, ecs: 30 } });
    expect(writesOf(w).slice(writesBefore)).toEqual([]);
    expect(w.router(plan.router).liveWeights()).toEqual(HUMAN);
    expect(w.leases.items.get(LISTENER_ARN)?.driftDetected).toMatchObject({
      expected: { [VM_TG]: 50, [ECS_TG]: 50 },
      live: HUMAN,
    });
  });

  it('safety net: does not restore over the change, marks and announces the drift by target name, releases', async () => {
    // Prepare
    const { w } = await leasedCutover({ wroteHalf: true });
    const writesBefore = writesOf(w).length;
    w.router(plan.router).driftAfterNextRead(HUMAN);
    const stopped = {
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      detail: { executionArn: EXECUTION, status: 'ABORTED', stopDate: w.clock.now().getTime() },
    };
    // Act
    const result = await safetyNetHandler(w.deps)(stopped, localContext('safety-net', 'race'));
    // Assess
    expect(result).toMatchObject({ restored: [], released: [LISTENER_ARN], failed: [] });
    expect(writesOf(w).slice(writesBefore)).toEqual([]);
    expect(w.router(plan.router).liveWeights()).toEqual(HUMAN);
    expect(w.leases.items.get(LISTENER_ARN)).toMatchObject({
      released: true,
      driftDetected: { expected: { [VM_TG]: 50, [ECS_TG]: 50 }, live: HUMAN },
    });
    expect(w.events.events).toEqual([
      expect.objectContaining({
        type: 'Cutover Drift Detected',
        detail: expect.objectContaining({
          weightsBefore: { vm: 50, ecs: 50 },
          weightsAfter: { vm: 70, ecs: 30 },
        }),
      }),
    ]);
  });
});
