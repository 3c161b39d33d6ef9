import { describe, expect, it } from 'vitest';
import type { CombinedVerdict, GateVerdict } from '#core/gates';
import { decideAfterPoll, METRICS_GRACE_SECONDS, type Progress, progressForStep } from '#core/progress';
import { resolvePlan } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';
import { planDocument } from '#test/support/fakes';

function plan(overrides: Record<string, unknown> = {}): ResolvedPlan {
  const result = resolvePlan(planDocument(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

const START = Date.parse('2026-06-01T01:00:00Z');
const at = (seconds: number) => new Date(START + seconds * 1000);
const verdict = (
  v: GateVerdict['verdict'],
  reason = 'ecs 5XX 2.4% > 1% (source 0.3%, 1812 requests)',
): CombinedVerdict =>
  v === 'pass'
    ? { verdict: 'pass', deciding: undefined }
    : { verdict: v, deciding: { gate: 'errorRate', verdict: v, observed: 2.4, threshold: 1, reason } };

function baking(p: ResolvedPlan, step: number, inconclusive = 0): Progress {
  return { ...progressForStep(p, step), bakeStartedAt: at(0).toISOString(), inconclusive, decision: 'bake' };
}

describe('decideAfterPoll — step progression', () => {
  const p = plan(); // steps 1, 50, 100 with 2m bake

  it.each([
    { case: 'pass before the bake time keeps baking', step: 0, elapsed: 60, decision: 'bake', next: 0 },
    {
      case: 'pass at the bake time moves to the next step',
      step: 0,
      elapsed: 120,
      decision: 'nextStep',
      next: 1,
    },
    {
      case: 'pass at the bake time of the last step completes',
      step: 2,
      elapsed: 120,
      decision: 'complete',
      next: 2,
    },
  ])('$case', ({ step, elapsed, decision, next }) => {
    // Act
    const result = decideAfterPoll(p, baking(p, step), { combined: verdict('pass') }, at(elapsed));
    // Assess
    expect(result.decision).toBe(decision);
    expect(result.step).toBe(next);
  });

  it('gives the next step a fresh bake and counter', () => {
    const result = decideAfterPoll(p, baking(p, 0, 3), { combined: verdict('pass') }, at(120));
    expect(result).toMatchObject({
      step: 1,
      label: 'step 2/3',
      bakeStartedAt: null,
      inconclusive: 0,
      approval: false,
    });
  });
});

describe('decideAfterPoll — failures, the inconclusive policy and aborts', () => {
  it.each([
    {
      case: 'fail with onFailure rollback → fail',
      onFailure: 'rollback',
      decision: 'fail',
      tail: 'rolling back to the snapshot',
    },
    {
      case: 'fail with onFailure pause → pause',
      onFailure: 'pause',
      decision: 'pause',
      tail: 'holding the weights for a human (approve = continue, reject = roll back)',
    },
  ])('$case', ({ onFailure, decision, tail }) => {
    const p = plan({ onFailure });
    const result = decideAfterPoll(p, baking(p, 2), { combined: verdict('fail') }, at(30));
    expect(result.decision).toBe(decision);
    expect(result.reason).toBe(`step 3/3 halted: ecs 5XX 2.4% > 1% (source 0.3%, 1812 requests); ${tail}`);
  });

  it('does not count inconclusive polls during the metrics grace after a shift', () => {
    const p = plan();
    const result = decideAfterPoll(
      p,
      baking(p, 0, 0),
      { combined: verdict('inconclusive', 'ecs 5XX: no datapoints yet') },
      at(METRICS_GRACE_SECONDS - 1),
    );
    expect(result).toMatchObject({ decision: 'bake', inconclusive: 0 });
  });

  it.each([
    {
      case: 'counts inconclusive polls up to the limit',
      count: 7,
      policy: 'pause',
      decision: 'bake',
      inconclusive: 8,
    },
    {
      case: 'beyond maxConsecutive with then: pause → pause',
      count: 8,
      policy: 'pause',
      decision: 'pause',
      inconclusive: 0,
    },
    {
      case: 'beyond maxConsecutive with then: fail → fail',
      count: 8,
      policy: 'fail',
      decision: 'fail',
      inconclusive: 0,
    },
  ])('$case', ({ count, policy, decision, inconclusive }) => {
    const p = plan({
      gates: {
        minHealthyTargets: 2,
        errorRate: { maxPercent: 1, minRequests: 100 },
        // biome-ignore lint/suspicious/noThenProperty: the plan format's field is named `then` (DESIGN.md §4)
        inconclusive: { maxConsecutive: 8, then: policy },
      },
    });
    const result = decideAfterPoll(
      p,
      baking(p, 0, count),
      { combined: verdict('inconclusive', 'ecs 5XX: no datapoints yet') },
      at(600),
    );
    expect(result).toMatchObject({ decision, inconclusive });
  });

  it('never passes a step on inconclusive polls, even after the bake time', () => {
    const p = plan();
    const result = decideAfterPoll(p, baking(p, 0, 0), { combined: verdict('inconclusive') }, at(10_000));
    expect(result.decision).toBe('bake');
  });

  it('a pass resets the inconclusive counter', () => {
    const p = plan();
    expect(decideAfterPoll(p, baking(p, 0, 5), { combined: verdict('pass') }, at(30)).inconclusive).toBe(0);
  });

  it('an abort request wins over passing gates', () => {
    const p = plan();
    const result = decideAfterPoll(
      p,
      baking(p, 1),
      { combined: verdict('pass'), abort: { by: 'alice', reason: 'pager' } },
      at(30),
    );
    expect(result).toMatchObject({
      decision: 'abort',
      reason: 'step 2/3 aborted by alice: pager; rolling back to the snapshot',
    });
  });
});

describe('decideAfterPoll — no step passes on unjudged minutes', () => {
  const p = plan(); // 2m bake, default settle 4m
  const judged = (seconds: number) => START + seconds * 1000;

  it('settles after the bake until the minutes covering it are published and judged', () => {
    // Act: the bake is over, but the judge has only seen minutes up to 60 s
    const settling = decideAfterPoll(
      p,
      baking(p, 0),
      { combined: verdict('pass'), judgedThrough: judged(60) },
      at(120),
    );
    // Assess
    expect(settling).toMatchObject({ decision: 'bake', step: 0, bakeEndedAt: at(120).toISOString() });
    expect(settling.reason).toContain('settling');
    // …and moves on once a minute ending at or after the bake's end is judged
    const next = decideAfterPoll(
      p,
      settling,
      { combined: verdict('pass'), judgedThrough: judged(180) },
      at(200),
    );
    expect(next).toMatchObject({ decision: 'nextStep', step: 1 });
  });

  it('a fault found while settling still fails the step', () => {
    const settling = { ...baking(p, 0), bakeEndedAt: at(120).toISOString() };
    const result = decideAfterPoll(
      p,
      settling,
      { combined: verdict('fail'), judgedThrough: judged(60) },
      at(150),
    );
    expect(result.decision).toBe('fail');
  });

  it('promotes after the settle time even when minutes never arrive (no traffic to publish)', () => {
    const settling = { ...baking(p, 0), bakeEndedAt: at(120).toISOString() };
    const result = decideAfterPoll(
      p,
      settling,
      { combined: verdict('pass'), judgedThrough: null },
      at(120 + 240),
    );
    expect(result).toMatchObject({ decision: 'nextStep', step: 1 });
  });

  it('completes the last step only once it is judged too', () => {
    const last = baking(p, 2);
    const early = decideAfterPoll(p, last, { combined: verdict('pass'), judgedThrough: judged(60) }, at(125));
    expect(early.decision).toBe('bake');
    const done = decideAfterPoll(
      p,
      early,
      { combined: verdict('pass'), judgedThrough: judged(180) },
      at(190),
    );
    expect(done.decision).toBe('complete');
  });

  it('a plan without sequential gates needs no settling', () => {
    const result = decideAfterPoll(p, baking(p, 0), { combined: verdict('pass') }, at(120));
    expect(result.decision).toBe('nextStep');
  });
});

describe('decideAfterPoll — evidence-based bake (bake: { min, max })', () => {
  const p = plan({ bake: { min: '1m', max: '10m' } });

  it('ends the step after min once the judge is confident, and not before min', () => {
    const before = decideAfterPoll(
      p,
      baking(p, 0),
      { combined: verdict('pass'), judgedThrough: judged0(120), confident: true },
      at(45),
    );
    expect(before.decision).toBe('bake');
    const after = decideAfterPoll(
      p,
      baking(p, 0),
      { combined: verdict('pass'), judgedThrough: judged0(120), confident: true },
      at(90),
    );
    expect(after).toMatchObject({ decision: 'nextStep', step: 1 });
  });

  it('holds to max without confidence', () => {
    const result = decideAfterPoll(
      p,
      baking(p, 0),
      { combined: verdict('pass'), judgedThrough: judged0(300), confident: false },
      at(300),
    );
    expect(result.decision).toBe('bake');
  });
});

function judged0(seconds: number): number {
  return START + seconds * 1000;
}
