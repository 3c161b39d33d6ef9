import { describe, expect, it } from 'vitest';
import { DriftDetectedError } from '#core/errors';
import { createHandler as completeHandler } from '#functions/complete/create-handler';
import { resolvePlan } from '#plan/index';
import { localContext } from '#runtime/lambda-handler';
import { ECS_TG, fakeWorld, healthyWorld, LISTENER_ARN, planDocument, VM_TG } from '#test/support/fakes';

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-complete';
const resolved = resolvePlan(planDocument());
if (!resolved.ok) throw new Error('fixture plan invalid');
const plan = resolved.plan;

describe('complete (succeeded) when the router no longer shows the final weights', () => {
  it('marks drift on the lease before halting, so the safety net will not restore over the operator', async () => {
    // Prepare: the last step wrote 0/100, then someone set 70/30 by hand
    const w = healthyWorld(fakeWorld({ initialWeights: { [VM_TG]: 0, [ECS_TG]: 100 } }));
    const lease = await w.leases.acquire({
      routerArn: LISTENER_ARN,
      owner: EXECUTION,
      planName: plan.name,
      ttlSeconds: 3600,
      now: w.clock.now(),
    });
    await w.leases.update(LISTENER_ARN, lease.token, { lastWritten: { [VM_TG]: 0, [ECS_TG]: 100 } });
    w.router(plan.router).driftTo({ [VM_TG]: 70, [ECS_TG]: 30 });
    // Act
    const result = completeHandler(w.deps)(
      { plan, executionArn: EXECUTION, lease: { token: lease.token }, mode: 'succeeded' },
      localContext('complete', 'test'),
    );
    // Assess
    await expect(result).rejects.toBeInstanceOf(DriftDetectedError);
    expect(w.leases.items.get(LISTENER_ARN)?.driftDetected).toMatchObject({
      expected: { [VM_TG]: 0, [ECS_TG]: 100 },
      live: { [VM_TG]: 70, [ECS_TG]: 30 },
    });
  });
});
