// The worst day: a dead platform, an abort, an operator's hand on the weights, a lost audit write.
// Each test drives a real handler over the in-memory fakes.
import { describe, expect, it } from 'vitest';
import { ErrorName } from '#core/errors';
import { progressForStep } from '#core/progress';
import type { Weights } from '#core/weights';
import { createHandler as preflightHandler } from '#functions/preflight/create-handler';
import { createHandler as rollbackHandler } from '#functions/rollback/create-handler';
import { createHandler as safetyNetHandler } from '#functions/safety-net/create-handler';
import { createHandler as shiftHandler } from '#functions/shift/create-handler';
import { resolvePlan } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';
import type { CutoverDeps } from '#runtime/deps';
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

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-worst-day';
const ctx = localContext('test', 'worst-day');

function resolved(overrides: Record<string, unknown> = {}): ResolvedPlan {
  const result = resolvePlan(planDocument(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}
const plan = resolved();
const START: Weights = { [VM_TG]: 100, [ECS_TG]: 0 };
const HALF: Weights = { [VM_TG]: 50, [ECS_TG]: 50 };

/** A running cutover on `plan` that snapshotted 100/0 and wrote `written`; returns its lease token. */
async function cutoverAt(w: FakeWorld, written: Weights | undefined, p = plan): Promise<number> {
  const router = w.router(p.router);
  const lease = await w.leases.acquire({
    routerArn: LISTENER_ARN,
    owner: EXECUTION,
    planName: p.name,
    ttlSeconds: 86_400,
    now: w.clock.now(),
  });
  await w.ledger.open({ executionArn: EXECUTION, planName: p.name, routerArn: LISTENER_ARN, at: '' });
  await w.leases.update(LISTENER_ARN, lease.token, { snapshot: await router.snapshot() });
  if (written) {
    await router.setWeights(written, { expected: START });
    await w.leases.update(LISTENER_ARN, lease.token, { lastWritten: written });
  }
  return lease.token;
}

const world = () => healthyWorld(fakeWorld({ initialWeights: START }));

describe('shift after an abort', () => {
  it('writes nothing once the lease carries an abort request', async () => {
    // Prepare: step 1 is written; an operator ran `cutover abort` during the approval wait
    const w = world();
    const token = await cutoverAt(w, { [VM_TG]: 99, [ECS_TG]: 1 });
    w.leases.requestAbort(LISTENER_ARN, 'alice', 'stop', w.clock.now());
    const writesBefore = w.router(plan.router).writes.length;
    // Act
    const result = shiftHandler(w.deps)(
      { plan, executionArn: EXECUTION, lease: { token }, progress: progressForStep(plan, 1) },
      ctx,
    );
    // Assess
    await expect(result).rejects.toMatchObject({ name: ErrorName.AbortRequested });
    expect(w.router(plan.router).writes).toHaveLength(writesBefore);
  });
});

describe('rollback never overrules the operator and never restores onto nothing', () => {
  it('halts with DriftDetected, writing nothing, when the live weights are not what the cutover wrote', async () => {
    // Prepare: the cutover wrote 99/1; during the approval wait the operator set 50/50 by hand
    const w = world();
    const token = await cutoverAt(w, { [VM_TG]: 99, [ECS_TG]: 1 });
    w.router(plan.router).driftTo(HALF);
    const writesBefore = w.router(plan.router).writes.length;
    // Act: the approval times out and the failure path rolls back
    const result = rollbackHandler(w.deps)({ plan, executionArn: EXECUTION, lease: { token } }, ctx);
    // Assess
    await expect(result).rejects.toMatchObject({ name: ErrorName.DriftDetected });
    expect(w.router(plan.router).writes).toHaveLength(writesBefore);
    expect(w.router(plan.router).liveWeights()).toEqual(HALF);
    expect(w.leases.items.get(LISTENER_ARN)?.driftDetected?.live).toEqual(HALF);
  });

  it('holds the weights and names the dead source (RetreatUnavailable) instead of restoring onto it', async () => {
    // Prepare: at 50/50 the destination fails, and the source has just died too
    const w = world();
    const token = await cutoverAt(w, HALF);
    w.health.healthy.set(VM_TG, 0);
    // Act
    const result = rollbackHandler(w.deps)({ plan, executionArn: EXECUTION, lease: { token } }, ctx);
    // Assess
    await expect(result).rejects.toMatchObject({
      name: ErrorName.RetreatUnavailable,
      message: expect.stringMatching(/holding the weights at vm=50, ecs=50 .*vm 0 healthy/),
    });
    expect(w.router(plan.router).liveWeights()).toEqual(HALF);
  });

  it('reports a verified restore as restored even when the audit write fails', async () => {
    // Prepare
    const w = world();
    const token = await cutoverAt(w, HALF);
    const deps: CutoverDeps = { ...w.deps, audit: failingAudit(w) };
    // Act
    const result = await rollbackHandler(deps)({ plan, executionArn: EXECUTION, lease: { token } }, ctx);
    // Assess
    expect(result).toMatchObject({ restored: true });
    expect(w.router(plan.router).liveWeights()).toEqual(START);
  });

  it('pages Rollback Failed even when the audit write fails', async () => {
    // Prepare
    const w = world();
    const token = await cutoverAt(w, HALF);
    const deps: CutoverDeps = { ...w.deps, audit: failingAudit(w) };
    // Act
    const result = await rollbackHandler(deps)(
      {
        action: 'reportFailure',
        plan,
        executionArn: EXECUTION,
        lease: { token },
        rollbackError: { Error: 'AwsTransient', Cause: 'ModifyListener throttled' },
      },
      ctx,
    );
    // Assess
    expect(result).toMatchObject({ error: ErrorName.RollbackFailed });
    expect(w.events.types()).toEqual(['Cutover Rollback Failed']);
  });
});

describe('safety net after abort --force', () => {
  it('leaves an operator edit made between two sweeps alone: Drift Detected, lease released, nothing written', async () => {
    // Prepare: the execution was stopped at 50/50; the status-change event restored the snapshot
    const w = world();
    await cutoverAt(w, HALF);
    const stoppedAt = w.clock.now();
    w.executions.statuses.set(EXECUTION, { status: 'ABORTED', stopDate: stoppedAt.toISOString() });
    await safetyNetHandler(w.deps)(
      { source: 'aws.states', detail: { executionArn: EXECUTION, status: 'ABORTED', stopDate: +stoppedAt } },
      ctx,
    );
    expect(w.router(plan.router).liveWeights()).toEqual(START);
    // Two minutes later the operator sets 50/50 by hand
    w.clock.advance(2 * 60_000);
    w.router(plan.router).driftTo(HALF);
    const writesBefore = w.router(plan.router).writes.length;
    w.clock.advance(3 * 60_000);
    // Act: the next sweep
    const result = await safetyNetHandler(w.deps)({ sweep: true }, ctx);
    // Assess
    expect(result).toMatchObject({ restored: [], released: [LISTENER_ARN] });
    expect(w.router(plan.router).writes).toHaveLength(writesBefore);
    expect(w.router(plan.router).liveWeights()).toEqual(HALF);
    expect(w.events.types()).toEqual(['Cutover Rolled Back', 'Cutover Drift Detected']);
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(true);
  });

  it('does not restore onto a source with no healthy target; it pages and keeps the lease', async () => {
    // Prepare
    const w = world();
    await cutoverAt(w, HALF);
    w.health.healthy.set(VM_TG, 0);
    const stoppedAt = w.clock.now();
    // Act
    const result = await safetyNetHandler(w.deps)(
      { source: 'aws.states', detail: { executionArn: EXECUTION, status: 'ABORTED', stopDate: +stoppedAt } },
      ctx,
    );
    // Assess
    expect(result.failed[0]?.error).toMatch(/^RetreatUnavailable: .*0 healthy targets/);
    expect(w.router(plan.router).liveWeights()).toEqual(HALF);
    expect(w.events.types()).toEqual(['Cutover Rollback Failed']);
    expect(w.leases.items.get(LISTENER_ARN)?.released).toBe(false);
  });
});

describe('emergency retreat from a dead platform', () => {
  const retreat = (retreatField: unknown) => resolved({ retreat: retreatField });

  it('Preflight checks only the destination when the plan names its source in retreat.sourceMayBeDead', async () => {
    // Prepare: vm (the source) has no healthy target at all
    const w = world();
    w.health.healthy.set(VM_TG, 0);
    const p = retreat({ sourceMayBeDead: 'vm' });
    const token = await cutoverAt(w, undefined, p);
    // Act
    const result = await preflightHandler(w.deps)(
      { plan: p, executionArn: EXECUTION, lease: { token } },
      ctx,
    );
    // Assess
    expect(result.checks.join('\n')).not.toMatch(/^vm /m);
  });

  it('Preflight still refuses a dead source when the plan asks capacity of it', async () => {
    const w = world();
    w.health.healthy.set(VM_TG, 0);
    const p = retreat({ minHealthyTargets: 1 });
    const token = await cutoverAt(w, undefined, p);
    const result = preflightHandler(w.deps)({ plan: p, executionArn: EXECUTION, lease: { token } }, ctx);
    await expect(result).rejects.toMatchObject({
      name: ErrorName.PreflightFailed,
      message: expect.stringContaining('vm 0 healthy < 1 required'),
    });
  });

  it('a retreat minimum of 0 means 0', async () => {
    const w = world();
    w.health.healthy.set(VM_TG, 0);
    const p = retreat({ minHealthyTargets: 0 });
    const token = await cutoverAt(w, undefined, p);
    const result = await preflightHandler(w.deps)(
      { plan: p, executionArn: EXECUTION, lease: { token } },
      ctx,
    );
    expect(result.checks).toContain('vm 0 healthy >= 0');
  });

  it('refuses sourceMayBeDead that does not name the plan’s from', () => {
    const result = resolvePlan(planDocument({ retreat: { sourceMayBeDead: 'ecs' } }));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toContainEqual(
      expect.objectContaining({
        path: 'retreat.sourceMayBeDead',
        message: 'must name the target this plan leaves; got "ecs"; allowed "vm" (the plan\'s from)',
      }),
    );
  });
});

function failingAudit(w: FakeWorld): CutoverDeps['audit'] {
  return {
    record: async () => {
      const error = new Error('PutItem: ProvisionedThroughputExceededException');
      error.name = ErrorName.AwsTransient;
      throw error;
    },
    list: (filter) => w.audit.list(filter),
  };
}
