import { describe, expect, it } from 'vitest';
import { ApiBudgetExhaustedError } from '#core/errors';
import { pacedTake } from '#core/paced-take';
import { elbBucketOf, take } from '#core/token-bucket';
import { ConcurrentVirtualClock } from '#local/campaign/concurrent-clock';
import { InMemoryApiBudget } from '#local/campaign/in-memory-budget';
import { ElbApiLimits } from '#local/sandbox/elb-api-limits';

const START = new Date('2026-03-02T01:00:00Z');

describe('token bucket', () => {
  it('spends the burst, then refills at the rate', () => {
    const spec = { burst: 2, perSecond: 4 };
    let state = { tokens: 2, at: 0 };
    for (const expected of [true, true, false]) {
      const result = take(state, spec, 0);
      expect(result.ok).toBe(expected);
      state = result.state;
    }
    const waiting = take(state, spec, 0);
    expect(waiting.ok ? 0 : waiting.waitMs).toBe(250);
    expect(take(state, spec, 250).ok).toBe(true);
  });

  it.each([
    ['ModifyRule', 'modify'],
    ['ModifyListenerCommand', 'modify'],
    ['DescribeTargetHealth', 'describe'],
    ['DescribeRules', 'describe'],
    ['DescribeAlarms', undefined],
    ['DescribeServices', undefined],
    ['GetMetricData', undefined],
  ])('%s spends the %s bucket', (command, bucket) => {
    expect(elbBucketOf(command)).toBe(bucket);
  });
});

describe('ElbApiLimits (the sandbox account)', () => {
  it('throttles Modify* past 20 in a burst and admits 3 more a second later', () => {
    const limits = new ElbApiLimits(0);
    const burst = Array.from({ length: 21 }, () => limits.admit('ModifyRule', 0));
    expect(burst.filter(Boolean)).toHaveLength(20);
    expect(limits.throttles()).toBe(1);
    const later = Array.from({ length: 4 }, () => limits.admit('ModifyListener', 1000));
    expect(later).toEqual([true, true, true, false]);
    expect(limits.perSecond(0)).toEqual([
      { second: 0, modify: 21, describe: 0 },
      { second: 1, modify: 4, describe: 0 },
    ]);
  });
});

describe('shared API budget', () => {
  it('makes callers past the burst wait for the refill on the virtual clock instead of calling', async () => {
    const clock = new ConcurrentVirtualClock(START);
    const budget = new InMemoryApiBudget(
      { modify: { burst: 2, perSecond: 1 }, describe: { burst: 1, perSecond: 1 } },
      clock,
    );
    const tookAt: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(() =>
        clock.run(async () => {
          await budget.take('modify');
          tookAt.push(clock.elapsedSeconds());
        }),
      ),
    );
    expect(tookAt).toEqual([0, 0, 1, 2]);
    expect(budget.waits.length).toBeGreaterThan(0);
  });

  it('gives up after the bounded wait with ApiBudgetExhausted', async () => {
    let slept = 0;
    const never = pacedTake(
      'modify',
      async () => ({ ok: false, state: { tokens: 0, at: 0 }, waitMs: 20_000 }),
      async (ms) => {
        slept += ms;
      },
      60_000,
    );
    await expect(never).rejects.toBeInstanceOf(ApiBudgetExhaustedError);
    expect(slept).toBe(60_000);
  });
});
