import { describe, expect, it } from 'vitest';
import { planBudget } from '#core/execution-budget';
import { progressForStep } from '#core/progress';
import { createHandler as awaitApprovalHandler } from '#functions/await-approval/create-handler';
import { createHandler as validateHandler } from '#functions/validate/create-handler';
import { resolvePlan } from '#plan/index';
import { localContext } from '#runtime/lambda-handler';
import { ECS_TG, fakeWorld, LISTENER_ARN, planDocument, VM_TG } from '#test/support/fakes';

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-1';

describe('Lambda handlers', () => {
  it('log plan name, execution and step on every line, and never the task token', async () => {
    // Prepare
    const w = fakeWorld({ initialWeights: { [VM_TG]: 100, [ECS_TG]: 0 } });
    const resolved = resolvePlan(planDocument({ approval: { before: [50], timeout: '1h' } }));
    if (!resolved.ok) throw new Error('fixture');
    const plan = resolved.plan;
    const lease = await w.leases.acquire({
      routerArn: LISTENER_ARN,
      owner: EXECUTION,
      planName: plan.name,
      ttlSeconds: 3600,
      now: w.clock.now(),
    });
    const taskToken = 'AQCEAAAAKgAAAAMAAAAAAAAAAf-very-secret';
    // Act
    await awaitApprovalHandler(w.deps)(
      {
        kind: 'approval',
        taskToken,
        plan,
        executionArn: EXECUTION,
        lease: { token: lease.token },
        progress: progressForStep(plan, 1),
        settings: planBudget(plan).settings,
      },
      localContext('await-approval', 'req-1'),
    );
    // Assess
    expect(w.logLines.length).toBeGreaterThan(0);
    for (const line of w.logLines) {
      expect(line.keys).toMatchObject({
        planName: 'crawler-vm-to-ecs',
        executionArn: EXECUTION,
        step: 2,
        function: 'await-approval',
      });
    }
    expect(JSON.stringify(w.logLines)).not.toContain(taskToken);
    expect(JSON.stringify(w.events.events)).not.toContain(taskToken);
    expect(w.leases.items.get(LISTENER_ARN)?.approval).toMatchObject({ taskToken, step: 1 });
    expect(w.events.types()).toEqual(['Cutover Awaiting Approval']);
  });

  it('throw errors whose name Step Functions matches, and log them by name', async () => {
    // Prepare
    const w = fakeWorld({ initialWeights: { [VM_TG]: 100 } });
    // Act
    const result = validateHandler(w.deps)(
      { document: ['not', 'a', 'plan'], executionArn: EXECUTION },
      localContext('validate', 'req-2'),
    );
    // Assess
    await expect(result).rejects.toMatchObject({ name: 'PlanInvalid' });
    expect(w.logLines.at(-1)).toMatchObject({ level: 'error', extra: { errorName: 'PlanInvalid' } });
  });
});
