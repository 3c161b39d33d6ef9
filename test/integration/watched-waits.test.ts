// Every wait is watched and every abort honoured, rehearsed for real: the ASL on the local executor
// with the real handlers and adapters over the sandbox, on a virtual clock.
import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { loadScenario, resolveScenario } from '#local/scenario/scenario';
import { resolvePlan } from '#plan/index';

const base = await loadPlanFile('examples/vm-to-ecs.yaml', process.cwd());

/** vm-to-ecs with two steps (10 %, then 100 %), 30 min bakes, and `overrides`. */
function planWith(overrides: Record<string, unknown>) {
  const document: Record<string, unknown> = {
    ...(base.document as Record<string, unknown>),
    steps: [10, 100],
    bake: '30m',
    approval: undefined,
    window: undefined,
    ...overrides,
  };
  for (const [key, value] of Object.entries(document)) if (value === undefined) delete document[key];
  const result = resolvePlan(document);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return { plan: result.plan, document };
}

async function rehearseWith(overrides: Record<string, unknown>, scenario: Record<string, unknown>) {
  const { plan, document } = planWith(overrides);
  const resolved = resolveScenario({ seed: 7, requestsPerSecond: 200, ...scenario }, plan, 'test');
  return rehearse({ plan, planDocument: document, scenario: resolved });
}

const ecsShares = (result: Awaited<ReturnType<typeof rehearseWith>>) =>
  result.timeline.weights.map((change) => change.weights.ecs ?? 0);

// Monday 16:40 in Tokyo: step 1 starts inside the window, step 2 waits for Tuesday 10:00.
const WINDOW = {
  timeZone: 'Asia/Tokyo',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  between: ['10:00', '17:00'],
};
const MONDAY_AFTERNOON = '2026-03-02T16:40:00+09:00';
/** From a 22:40 start to the next midnight, when a window opening at 00:00 opens again. */
const UNTIL_MIDNIGHT_SECONDS = 3600 + 20 * 60;

describe('a change-window wait is watched', () => {
  it('rolls back during the overnight wait when the destination starts failing, instead of writing 100 % at the opening', async () => {
    // Act: at 17:40 (1 h in, step 2 waiting for the window) ecs serves 20 % 5XX at 10 %
    const result = await rehearseWith(
      { window: WINDOW },
      { startAt: MONDAY_AFTERNOON, faults: [{ at: '1h', target: 'ecs', set: { errorPercent: 20 } }] },
    );
    // Assess
    expect(result.summary.outcome).toBe('rolled_back');
    expect(result.summary.rollback?.gate).toBe('errorRate');
    expect((result.summary.rollback?.detectedAtSeconds ?? Infinity) - 3600).toBeLessThan(600);
    expect(ecsShares(result)).not.toContain(100);
    expect(result.summary.finalWeights).toMatchObject({ vm: 100, ecs: 0 });
  });

  it('honours a graceful abort within one interval, not at the next opening', async () => {
    const result = await rehearseWith(
      { window: WINDOW },
      { startAt: MONDAY_AFTERNOON, faults: [{ at: '2h', abort: { by: 'alice', reason: 'stop' } }] },
    );
    expect(result.summary.outcome).toBe('rolled_back');
    expect(result.summary.error?.name).toBe('AbortRequested');
    expect(result.summary.rollback?.restoredAtSeconds).toBeLessThanOrEqual(7200 + 15);
    expect(ecsShares(result)).not.toContain(100);
  });

  it('still goes on when the window opens and nothing is wrong', async () => {
    // A window that closes at 23:00 and reopens at midnight keeps the watched wait short: 23:10 → 00:00.
    const lateWindow = { ...WINDOW, days: ['mon', 'tue'], between: ['00:00', '23:00'] };
    const result = await rehearseWith({ window: lateWindow }, { startAt: '2026-03-02T22:40:00+09:00' });
    expect(result.summary.outcome).toBe('succeeded');
    expect(result.summary.steps[1]?.startedAtSeconds).toBe(UNTIL_MIDNIGHT_SECONDS);
  });
});

describe('an approval wait is watched', () => {
  const approval = { before: [100], timeout: '4h', onTimeout: 'rollback' };

  it('an abort while the approval is pending rolls back within one interval; the next step is never written', async () => {
    const result = await rehearseWith(
      { approval },
      { approvals: 'timeout', faults: [{ at: '45m', abort: { by: 'alice', reason: 'stop' } }] },
    );
    expect(result.summary.outcome).toBe('rolled_back');
    expect(result.summary.error?.name).toBe('AbortRequested');
    expect(result.summary.rollback?.restoredAtSeconds).toBeLessThanOrEqual(2700 + 15);
    expect(ecsShares(result)).not.toContain(100);
  });

  it('a failing destination during the wait rolls back (it does not wait for the 4 h timeout)', async () => {
    const result = await rehearseWith(
      { approval },
      { approvals: 'timeout', faults: [{ at: '40m', target: 'ecs', set: { healthyTargets: 0 } }] },
    );
    expect(result.summary.outcome).toBe('rolled_back');
    expect(result.summary.rollback?.gate).toBe('minHealthyTargets');
    expect(result.summary.durationSeconds).toBeLessThan(3600);
  });

  it('an operator edit during the wait is drift: the operator’s weights stay, nothing is rolled back over them', async () => {
    const result = await rehearseWith(
      { approval },
      { approvals: 'timeout', faults: [{ at: '1h', drift: { vm: 50, ecs: 50 } }] },
    );
    expect(result.summary.outcome).toBe('failed');
    expect(result.summary.error?.name).toBe('DriftDetected');
    expect(result.summary.finalWeights).toMatchObject({ vm: 50, ecs: 50 });
    expect(result.sandbox.events.map((event) => event.detailType)).toContain('Cutover Drift Detected');
  });

  it('an unanswered approval times out after approval.timeout, watched all along', async () => {
    const result = await rehearseWith({ approval }, { approvals: 'timeout' });
    expect(result.summary.outcome).toBe('rolled_back');
    expect(result.summary.durationSeconds).toBeGreaterThanOrEqual(1800 + 4 * 3600);
    // the steps before it may each settle (up to 4m) until their last minutes of metrics are judged
    expect(result.summary.durationSeconds).toBeLessThan(1800 + 3 * 240 + 4 * 3600 + 60);
  });
});

describe('new example scenarios keep their promises', () => {
  it('retreat-source-dead: leaves a dead EKS for the VMs in one command', async () => {
    const { plan, document } = await loadPlanFile('examples/eks-to-vm-retreat.yaml', process.cwd());
    const scenario = await loadScenario('examples/scenarios/retreat-source-dead.yaml', plan);
    const result = await rehearse({ plan, planDocument: document, scenario });
    expect(result.summary.outcome).toBe('succeeded');
    expect(result.summary.finalWeights).toEqual({ eks: 0, vm: 100 });
  });

  it('force-abort-then-operator: the operator’s 50/50 stands, Drift Detected, lease released', async () => {
    const scenario = await loadScenario('examples/scenarios/force-abort-then-operator.yaml', base.plan);
    const result = await rehearse({ plan: base.plan, planDocument: base.document, scenario });
    expect(result.summary.finalWeights).toEqual({ vm: 50, ecs: 50, eks: 0 });
    expect(result.sandbox.events.map((event) => event.detailType)).toContain('Cutover Drift Detected');
    expect((await result.deps.leases.read(base.plan.router.arn))?.released).toBe(true);
    const operatorEdit = result.timeline.weights.findIndex((change) => change.by === 'drift');
    expect(result.timeline.weights.slice(operatorEdit + 1)).toEqual([]);
  });
});

describe('rehearsals always end', () => {
  it('stops a plan that loops (pauses answered with resume while gates stay inconclusive) with a clear outcome', async () => {
    const result = await rehearseWith({}, { requestsPerSecond: 0.5, pauses: 'resume' });
    expect(result.summary.outcome).toBe('failed');
    expect(result.summary.error?.name).toBe('RehearsalLimitReached');
    expect(result.summary.error?.cause).toMatch(/history/);
  }, 60_000);
});
