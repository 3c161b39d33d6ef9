import { describe, expect, it } from 'vitest';
import {
  decideRollbackPoll,
  nextRollbackStep,
  rollbackStepWeights,
  sourceErrorVerdict,
  sourceLatencyVerdict,
} from '#core/rollback-steps';
import type { MinuteMetrics } from '#ports/metrics-source';

const rollback = { steps: [50, 25, 0], bakeSeconds: 60 };

function minute(requests: number, errors5xx: number, p99Ms: number | null = 100): MinuteMetrics {
  return { start: 0, requests, errors5xx, p99Ms, p95Ms: null };
}

describe('nextRollbackStep', () => {
  it.each([
    { case: 'at 100% the first step is 50', live: { vm: 0, ecs: 100 }, expected: { percent: 50, index: 0 } },
    {
      case: 'at 50% the next is 25 (never the step it stands on)',
      live: { vm: 50, ecs: 50 },
      expected: { percent: 25, index: 1 },
    },
    { case: 'at 30% the next is 25', live: { vm: 70, ecs: 30 }, expected: { percent: 25, index: 1 } },
    { case: 'at 25% only the snapshot is left', live: { vm: 75, ecs: 25 }, expected: undefined },
    { case: 'a failure at 5% goes straight to the snapshot', live: { vm: 95, ecs: 5 }, expected: undefined },
  ])('$case', ({ live, expected }) => {
    expect(nextRollbackStep(rollback, 'ecs', live, { vm: 100, ecs: 0 })).toEqual(expected);
  });

  it('never steps to or below the share the destination had in the snapshot', () => {
    // Prepare: the cutover started with ecs already at 30%
    const snapshot = { vm: 70, ecs: 30 };
    // Act / Assess: 50 is used, 25 is below the snapshot's own share
    expect(nextRollbackStep(rollback, 'ecs', { vm: 0, ecs: 100 }, snapshot)).toEqual({
      percent: 50,
      index: 0,
    });
    expect(nextRollbackStep(rollback, 'ecs', { vm: 50, ecs: 50 }, snapshot)).toBeUndefined();
  });
});

describe('rollbackStepWeights', () => {
  it('puts the step on the destination and the rest on the snapshot targets, in their proportions', () => {
    expect(rollbackStepWeights({ vm: 100, ecs: 0 }, { vm: 50, ecs: 50 }, 'ecs', 25)).toEqual({
      vm: 75,
      ecs: 25,
    });
    expect(rollbackStepWeights({ vm: 60, eks: 40, ecs: 0 }, { vm: 0, eks: 0, ecs: 100 }, 'ecs', 50)).toEqual({
      vm: 30,
      eks: 20,
      ecs: 50,
    });
  });

  it('gives a group the snapshot does not weight 0, and rounds to integers that sum to 100', () => {
    const weights = rollbackStepWeights(
      { a: 34, b: 33, c: 33, ecs: 0 },
      { a: 0, b: 0, c: 0, ecs: 90, extra: 10 },
      'ecs',
      25,
    );
    expect(weights.extra).toBe(0);
    expect(weights.ecs).toBe(25);
    expect(Object.values(weights).reduce((sum, weight) => sum + weight, 0)).toBe(100);
    expect(Object.values(weights).every(Number.isInteger)).toBe(true);
  });

  it('refuses a step when the snapshot weights nothing but the destination', () => {
    expect(() => rollbackStepWeights({ ecs: 100 }, { ecs: 100 }, 'ecs', 50)).toThrow(
      /restore the snapshot instead/,
    );
  });
});

describe('source gates during a rollback step', () => {
  const errorRate = { maxPercent: 1, minRequests: 100 };
  const latencyP99 = { maxMs: 800, minRequests: 100 };

  it('fails the source on its 5XX share above the absolute limit, whatever the destination did', () => {
    const verdict = sourceErrorVerdict(errorRate, 'vm', [minute(1000, 30), minute(1000, 20)]);
    expect(verdict).toMatchObject({ gate: 'errorRate', verdict: 'fail', observed: 2.5, threshold: 1 });
    expect(verdict.reason).toBe('vm 5XX 2.5% > 1% (2000 requests)');
  });

  it('passes a source under the limit, and is inconclusive below minRequests (never a pass)', () => {
    expect(sourceErrorVerdict(errorRate, 'vm', [minute(1000, 5)]).verdict).toBe('pass');
    expect(sourceErrorVerdict(errorRate, 'vm', [minute(60, 30)]).verdict).toBe('inconclusive');
    expect(sourceErrorVerdict(errorRate, 'vm', []).verdict).toBe('inconclusive');
  });

  it('fails on the worst counted minute p99 above maxMs; minutes below minRequests do not count', () => {
    expect(
      sourceLatencyVerdict(latencyP99, 'vm', [minute(1000, 0, 120), minute(1000, 0, 950)]),
    ).toMatchObject({
      verdict: 'fail',
      observed: 950,
    });
    expect(sourceLatencyVerdict(latencyP99, 'vm', [minute(50, 0, 5000), minute(1000, 0, 120)]).verdict).toBe(
      'pass',
    );
    expect(sourceLatencyVerdict(latencyP99, 'vm', [minute(1000, 0, null)]).verdict).toBe('inconclusive');
  });
});

describe('decideRollbackPoll', () => {
  const pass = {
    gate: 'retreatCapacity',
    verdict: 'pass',
    observed: 4,
    threshold: 2,
    reason: 'vm 4 healthy >= 2',
  } as const;
  const fail = {
    gate: 'errorRate',
    verdict: 'fail',
    observed: 3,
    threshold: 1,
    reason: 'vm 5XX 3% > 1%',
  } as const;
  const unknown = { ...pass, gate: 'latencyP99', verdict: 'inconclusive', reason: 'no data' } as const;
  const base = { stepLabel: 'rollback step 1/2 (ecs 25%)', bakeSeconds: 60 };

  it('holds the step while the source passes and the bake is not over', () => {
    expect(decideRollbackPoll({ ...base, verdicts: [pass], bakedSeconds: 15 }).decision).toBe('bake');
  });

  it('goes on at the end of the bake, even when some gate was inconclusive', () => {
    expect(decideRollbackPoll({ ...base, verdicts: [pass, unknown], bakedSeconds: 60 }).decision).toBe(
      'next',
    );
  });

  it('skips to the snapshot when the source fails, naming the gate', () => {
    const result = decideRollbackPoll({ ...base, verdicts: [pass, fail], bakedSeconds: 15 });
    expect(result.decision).toBe('restore');
    expect(result.reason).toMatch(
      /source failed errorRate \(vm 5XX 3% > 1%\); skipping the remaining rollback steps/,
    );
  });

  it('skips to the snapshot when the destination has no healthy target left', () => {
    const result = decideRollbackPoll({
      ...base,
      verdicts: [pass],
      bakedSeconds: 15,
      destinationDead: 'ecs has no healthy target',
    });
    expect(result.decision).toBe('restore');
    expect(result.reason).toMatch(/ecs has no healthy target/);
  });

  it('skips to the snapshot when an operator asks to abort', () => {
    const result = decideRollbackPoll({
      ...base,
      verdicts: [pass],
      bakedSeconds: 15,
      abortedBy: 'alice (cold caches fine)',
    });
    expect(result).toMatchObject({ decision: 'restore' });
    expect(result.reason).toMatch(/abort requested by alice/);
  });
});
