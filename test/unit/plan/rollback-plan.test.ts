import { describe, expect, it } from 'vitest';
import { planBudget, rollbackEvents } from '#core/execution-budget';
import { formatProblem, resolvePlan } from '#plan/index';
import { rawPlan } from './plan-builders.ts';

function problemsOf(overrides: Record<string, unknown>): string[] {
  const result = resolvePlan(rawPlan(overrides));
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('plan `rollback` (stepped rollback)', () => {
  it('is absent by default: a rollback restores the snapshot in one write', () => {
    const result = resolvePlan(rawPlan());
    expect(result.ok && result.plan.rollback).toBeUndefined();
  });

  it('resolves the steps, implies the final 0 (the snapshot) and defaults the bake to 1m', () => {
    const result = resolvePlan(rawPlan({ rollback: { steps: [50, 25] } }));
    expect(result.ok && result.plan.rollback).toEqual({ steps: [50, 25, 0], bakeSeconds: 60 });
    const written = resolvePlan(rawPlan({ rollback: { steps: [50, 0], bake: '2m' } }));
    expect(written.ok && written.plan.rollback).toEqual({ steps: [50, 0], bakeSeconds: 120 });
  });

  it('refuses steps that do not descend, naming the index, what was found and what is allowed', () => {
    expect(problemsOf({ rollback: { steps: [25, 50, 0] } })).toEqual([
      'rollback.steps[1]: not below the step before; got 50 after 25; allowed strictly descending percents on `to` — hint: the way back only ever lowers the destination’s share, e.g. [50, 25, 0]',
    ]);
    expect(problemsOf({ rollback: { steps: [50, 50] } })[0]).toMatch(
      /^rollback\.steps\[1\]: not below the step before; got 50 after 50/,
    );
  });

  it('refuses a step at or above the highest share the plan gives `to` (it could never be used)', () => {
    expect(problemsOf({ rollback: { steps: [100, 50, 0] } })).toEqual([
      "rollback.steps[0]: not below any share the plan gives ecs; got 100; allowed < 100 (the plan's highest step on `to`) — hint: a rollback step is used only below the share the destination holds when the rollback starts; remove it or lower it",
    ]);
    // A plan that ends on a split: its highest share on `to` is the bound.
    const split = {
      steps: [{ weights: { vm: 90, ecs: 10, eks: 0 } }, { weights: { vm: 60, ecs: 40, eks: 0 } }],
    };
    expect(problemsOf({ ...split, rollback: { steps: [50, 0] } })[0]).toMatch(
      /^rollback\.steps\[0\]: not below any share the plan gives ecs; got 50; allowed < 40/,
    );
    expect(problemsOf({ ...split, rollback: { steps: [25, 0] } })).toEqual([]);
  });

  it('refuses a bake shorter than the poll interval, percents out of range and unknown fields', () => {
    expect(problemsOf({ interval: '30s', rollback: { steps: [50, 0], bake: '15s' } })).toEqual([
      'rollback.bake: shorter than interval; got 15s; allowed ≥ 30s (interval) — hint: each rollback step needs at least one poll of the source’s gates',
    ]);
    expect(problemsOf({ rollback: { steps: [150, 0] } }).join('\n')).toMatch(
      /^rollback\.steps\[0\]: .*got 150; allowed an integer percent 0–100/m,
    );
    expect(problemsOf({ rollback: { steps: [] } }).join('\n')).toMatch(
      /^rollback\.steps: .*allowed 1–10 percents on `to`/m,
    );
    expect(problemsOf({ rollback: { steps: [50], pace: 'slow' } }).join('\n')).toMatch(
      /^rollback\.pace: unknown field/m,
    );
  });

  it('counts its worst case in the execution history budget', () => {
    const plan = (rollback?: unknown) => {
      const result = resolvePlan(
        rawPlan({ bake: '10m', interval: '15s', ...(rollback ? { rollback } : {}) }),
      );
      if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
      return result.plan;
    };
    // 2 steps held 1m at 15 s polls: 2 × (9 + 4 polls × 9 events)
    expect(rollbackEvents(plan({ steps: [50, 25, 0], bake: '1m' }))).toBe(90);
    expect(rollbackEvents(plan())).toBe(0);
    // A way back that cannot fit one execution's history is refused before anything starts.
    const huge = plan({ steps: [90, 80, 70, 60, 50, 40, 30, 20, 10], bake: '2d' });
    expect(planBudget(huge).problems.join('\n')).toMatch(/history events/);
    expect(planBudget(plan({ steps: [50, 25, 0], bake: '1m' })).problems).toEqual([]);
  });
});
