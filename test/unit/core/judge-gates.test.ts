import { describe, expect, it } from 'vitest';
import { judgeErrorRate, judgeLatency } from '#core/judge/metric-gates';
import { alignMinutes } from '#core/judge/series';
import { resolvePlan } from '#plan/index';
import type { MinuteMetrics } from '#ports/metrics-source';
import { planDocument } from '#test/support/fakes';

const START = Date.parse('2026-06-01T01:00:00Z');
const minutes = (count: number, each: Omit<MinuteMetrics, 'start'>): MinuteMetrics[] =>
  Array.from({ length: count }, (_, i) => ({ start: START + i * 60_000, ...each }));
const errorRate = { maxPercent: 1, maxRatioToSource: 2, minRequests: 100 };
const latency = { maxMs: 800, maxRatioToSource: 1.5, minRequests: 100 };
const input = (destination: MinuteMetrics[], source: MinuteMetrics[]) => ({
  destinationName: 'ecs',
  aligned: alignMinutes(START, START, destination, source),
  sourceServes: true,
  alpha: 0.0005,
  plannedMinutes: 15,
});
const healthy = { requests: 600, errors5xx: 1, p99Ms: 100, p95Ms: 82 };
const source = minutes(5, { requests: 11_400, errors5xx: 11, p99Ms: 100, p95Ms: 82 });

describe('judgeErrorRate', () => {
  it('is inconclusive until the step has minRequests published, never pass on no data', () => {
    expect(judgeErrorRate(errorRate, input([], source))).toMatchObject({
      verdict: 'inconclusive',
      reason: 'ecs 5XX: no datapoints yet (no requests, or CloudWatch has not published them)',
    });
    const few = minutes(1, { ...healthy, requests: 40 });
    expect(judgeErrorRate(errorRate, input(few, source)).verdict).toBe('inconclusive');
  });

  it('passes a destination like its source, saying what evidence it had', () => {
    const verdict = judgeErrorRate(errorRate, input(minutes(5, healthy), source));
    expect(verdict.verdict).toBe('pass');
    expect(verdict.reason).toMatch(
      /^ecs 5XX 0\.17% vs source 0\.1%, 5 vs 2\.89 expected in 3,000 requests; evidence \S+ < 2,000 needed$/,
    );
    expect(verdict.judgedThrough).toBe(START + 5 * 60_000);
  });

  it('fails on evidence, naming the rate, the source, the counts and the evidence', () => {
    const bad = minutes(3, { ...healthy, errors5xx: 48 });
    const verdict = judgeErrorRate(errorRate, input(bad, source));
    expect(verdict.verdict).toBe('fail');
    expect(verdict.reason).toMatch(
      /^ecs 5XX 8% vs source 0\.1%, 144 vs 1\.\d+ expected in 1,800 requests > 2x source: evidence \S+ >= 2,000 needed$/,
    );
  });

  it('judges only minutes published for both series', () => {
    const verdict = judgeErrorRate(errorRate, input(minutes(5, healthy), source.slice(0, 3)));
    expect(verdict.judgedThrough).toBe(START + 3 * 60_000);
  });
});

describe('judgeLatency', () => {
  it('fails a destination whose p95 is over the allowed ratio of the source p99 in a busy minute', () => {
    const slow = minutes(1, { ...healthy, p99Ms: 400, p95Ms: 330 });
    const verdict = judgeLatency(latency, input(slow, source));
    expect(verdict.verdict).toBe('fail');
    expect(verdict.reason).toContain('> 1.5x source');
  });

  it('passes a destination as fast as its source', () => {
    expect(judgeLatency(latency, input(minutes(5, healthy), source)).verdict).toBe('pass');
  });
});

describe('plan: the judge settings', () => {
  it.each([
    { doc: { bake: { min: '20m', max: '10m' } }, message: 'bake.min: longer than max' },
    { doc: { gates: { falseAlarmPercent: 50 } }, message: 'gates.falseAlarmPercent' },
    { doc: { bake: { min: '5s', max: '10m' } }, message: 'bake.min: shorter than interval' },
  ])('refuses $message', ({ doc, message }) => {
    const result = resolvePlan(planDocument(doc));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toContain(message);
  });

  it('reads bake { min, max }, settle and the false-alarm budget', () => {
    const result = resolvePlan(
      planDocument({ bake: { min: '5m', max: '30m' }, gates: { settle: '3m', falseAlarmPercent: 2 } }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.steps[0]).toMatchObject({ bakeSeconds: 1800, minBakeSeconds: 300 });
    expect(result.plan.gates).toMatchObject({ settleSeconds: 180, falseAlarmPercent: 2 });
  });
});
