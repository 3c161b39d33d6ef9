import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeObservedSplit, type SplitInput } from '#core/judge/observed-split';
import { SeededRandom } from '#local/prng';
import type { MinuteMetrics } from '#ports/metrics-source';

const MINUTE = 60_000;
const T0 = Date.parse('2026-03-02T01:00:00Z');
/** Written 20 s into minute 0: minute 0 mixes two splits and is never judged. */
const WRITTEN_AT = T0 + 20_000;
const CONFIG = { tolerancePercent: 5, minutes: 3, minRequests: 100 };

function minute(start: number, requests: number): MinuteMetrics {
  return { start, requests, errors5xx: 0, p99Ms: 100, p95Ms: 90 };
}

/** Per-minute request counts by target, minute 0 being the minute of the write. */
function series(counts: Record<string, readonly number[]>): SplitInput['minutes'] {
  return Object.fromEntries(
    Object.entries(counts).map(([name, perMinute]) => [
      name,
      perMinute.flatMap((requests, index) => (requests > 0 ? [minute(T0 + index * MINUTE, requests)] : [])),
    ]),
  );
}

const input = (
  counts: Record<string, readonly number[]>,
  overrides: Partial<SplitInput> = {},
): SplitInput => ({
  minutes: series(counts),
  weights: { vm: 95, ecs: 5 },
  previousWeights: { vm: 100, ecs: 0 },
  writtenAt: WRITTEN_AT,
  config: CONFIG,
  ...overrides,
});

describe('observed split', () => {
  it('says nothing until a whole minute after the write is published', () => {
    // Only the minute of the write is published: it mixes two splits.
    const result = judgeObservedSplit(input({ vm: [9000], ecs: [3000] }));
    expect(result.verdict).toBeUndefined();
  });

  it('fails after three consecutive minutes beyond the tolerance, naming the target and its share', () => {
    const skewed = judgeObservedSplit(input({ vm: [9000, 8400, 8400, 8400], ecs: [3000, 3600, 3600, 3600] }));
    expect(skewed.verdict?.verdict).toBe('fail');
    expect(skewed.run).toBe(3);
    expect(skewed.verdict?.reason).toMatch(
      /(ecs served 30%|vm served 70%) of 12000 requests vs weights (0–5|95–100)% \(±5 points\) for 3 consecutive minutes/,
    );
  });

  it('does not fail on two deviating minutes, and a minute within tolerance resets the run', () => {
    const two = judgeObservedSplit(input({ vm: [9000, 8400, 8400], ecs: [3000, 3600, 3600] }));
    expect(two.verdict?.verdict).toBe('pass');
    expect(two.run).toBe(2);
    const reset = judgeObservedSplit(
      input({ vm: [9000, 8400, 8400, 11400, 8400, 8400], ecs: [3000, 3600, 3600, 600, 3600, 3600] }),
    );
    expect(reset.verdict?.verdict).toBe('pass');
    expect(reset.run).toBe(2);
  });

  it('lets sticky sessions keep the destination anywhere between the old and the new weight', () => {
    // 5 → 25: the destination still serving 12% is stickiness, not a broken split.
    const sticky = judgeObservedSplit(
      input(
        { vm: [10000, 10560, 10560, 10560], ecs: [2000, 1440, 1440, 1440] },
        { weights: { vm: 75, ecs: 25 }, previousWeights: { vm: 95, ecs: 5 } },
      ),
    );
    expect(sticky.verdict?.verdict).toBe('pass');
  });

  it('skips quiet minutes: inconclusive when none has enough requests', () => {
    const quiet = judgeObservedSplit(input({ vm: [40, 40, 40, 40], ecs: [5, 20, 20, 20] }));
    expect(quiet.verdict?.verdict).toBe('inconclusive');
  });

  it('counts a weighted group that stays silent while the others publish as serving nothing', () => {
    // ecs has weight 50 but serves nothing after the write; vm has published seven more minutes.
    const starved = judgeObservedSplit(
      input(
        { vm: [6000, 12000, 12000, 12000, 12000, 12000, 12000, 12000], ecs: [6000] },
        { weights: { vm: 50, ecs: 50 }, previousWeights: { vm: 50, ecs: 50 } },
      ),
    );
    expect(starved.verdict?.verdict).toBe('fail');
  });

  it('never fails when the ALB splits as weighted with Poisson noise', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0.5, max: 2000, noNaN: true }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        (seed, weight, previous, rps, tolerance) => {
          const random = new SeededRandom(seed);
          const minutes = 30;
          const counts = (share: number) =>
            Array.from({ length: minutes }, () => random.poisson(rps * 60 * share));
          const result = judgeObservedSplit(
            input(
              { vm: counts(1 - weight / 100), ecs: counts(weight / 100) },
              {
                weights: { vm: 100 - weight, ecs: weight },
                previousWeights: { vm: 100 - previous, ecs: previous },
                config: { tolerancePercent: tolerance, minutes: 2, minRequests: 1 },
              },
            ),
          );
          expect(result.verdict?.verdict).not.toBe('fail');
        },
      ),
      { numRuns: 300 },
    );
  });
});
