import { describe, expect, it } from 'vitest';
import { planSummary, resolvePlan } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';
import { rawPlan } from './plan-builders.ts';

function plan(overrides: Record<string, unknown> = {}): ResolvedPlan {
  const result = resolvePlan(rawPlan(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

describe('planSummary', () => {
  it('lists every step with its weights, bake and approval', () => {
    const summary = planSummary(plan({ steps: [10, { percent: 100, bake: '1h', approval: true }] }));
    expect(summary.steps).toEqual([
      { index: 0, weights: { vm: 90, ecs: 10, eks: 0 }, bakeSeconds: 600, approval: false },
      { index: 1, weights: { vm: 0, ecs: 100, eks: 0 }, bakeSeconds: 3_600, approval: true },
    ]);
  });

  it('gives the minimum duration as the sum of the bakes', () => {
    expect(
      planSummary(plan({ steps: [10, { percent: 50, bake: '1h' }, 100], bake: '15m' }))
        .minimumDurationSeconds,
    ).toBe(15 * 60 + 3_600 + 15 * 60);
  });

  it('computes health-check detection from the default ALB health check and the plan interval', () => {
    // 30 s × 2 failures until ALB marks the targets unhealthy, then up to one 15 s poll.
    const summary = planSummary(plan());
    expect(summary.detection.paths).toEqual([
      expect.objectContaining({ cause: 'unhealthy-targets', seconds: 75 }),
    ]);
    expect(summary.detection.worstCaseSeconds).toBe(75);
  });

  it('adds the metric path when a metric gate exists: period + publication delay + one poll', () => {
    const summary = planSummary(plan({ interval: '30s', gates: { errorRate: { maxPercent: 1 } } }));
    expect(summary.detection.paths.map((p) => [p.cause, p.seconds])).toEqual([
      ['unhealthy-targets', 90],
      ['metrics', 270],
    ]);
    expect(summary.detection.worstCaseSeconds).toBe(270);
    expect(summary.detection.paths[1]?.explanation).toContain(
      '1m metric period + 3m publication delay + 30s',
    );
  });

  it('states its assumptions and accepts others (e.g. a scenario’s 10 s × 2 health check)', () => {
    const summary = planSummary(plan(), {
      healthCheckIntervalSeconds: 10,
      unhealthyThreshold: 2,
      metricPeriodSeconds: 60,
      metricPublicationDelaySeconds: 60,
    });
    expect(summary.detection.worstCaseSeconds).toBe(35);
    expect(summary.detection.assumptions.join('\n')).toContain(
      'ALB health check every 10s, unhealthy after 2 failures',
    );
  });

  it('says how long too little traffic can stay inconclusive before the policy acts', () => {
    const gates = {
      // biome-ignore lint/suspicious/noThenProperty: the plan contract (DESIGN.md §4) names this field `then`
      inconclusive: { maxConsecutive: 4, then: 'fail' },
    };
    const summary = planSummary(plan({ gates }));
    expect(summary.detection.inconclusive).toEqual({ seconds: 60, action: 'fail' });
  });
});
