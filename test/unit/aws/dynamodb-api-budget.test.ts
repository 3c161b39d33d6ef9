import { describe, expect, it } from 'vitest';
import { DynamoDbApiBudget } from '#aws/dynamodb-api-budget';
import { createDynamoDbClient, documentClientOver } from '#aws/dynamodb-client';
import { ApiBudgetExhaustedError } from '#core/errors';
import type { BucketSpec } from '#core/token-bucket';
import { ConcurrentVirtualClock } from '#local/campaign/concurrent-clock';
import { inProcessTablePlugin } from '#local/sandbox/in-process-table';

const START = new Date('2026-03-02T01:00:00Z');
const TABLE = 'Cutover-Table';

/** One table in this process; each call builds another "Lambda" (its own budget adapter and memory). */
function deployment(specs: { modify: BucketSpec; describe: BucketSpec }, maxWaitMs?: number) {
  const clock = new ConcurrentVirtualClock(START);
  const documents = documentClientOver(
    createDynamoDbClient({
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      plugins: [inProcessTablePlugin(TABLE)],
    }),
  );
  const lambda = () =>
    new DynamoDbApiBudget({
      client: documents,
      tableName: TABLE,
      region: 'ap-northeast-1',
      specs,
      clock,
      ...(maxWaitMs === undefined ? {} : { maxWaitMs }),
    });
  return { clock, lambda };
}

/** Most takes in any window of `windowMs` starting at a take. */
function peakIn(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(...sorted.map((t) => sorted.filter((u) => u >= t && u < t + windowMs).length));
}

describe('DynamoDbApiBudget (one token bucket per kind in the deployment table)', () => {
  it('concurrent takers from several Lambdas never take more than the bucket holds', async () => {
    // Prepare: 4 Lambdas, 10 ELB writes each, a bucket of 5 refilled at 2 a second
    const spec = { burst: 5, perSecond: 2 };
    const { clock, lambda } = deployment({ modify: spec, describe: { burst: 100, perSecond: 50 } });
    const tookAt: number[] = [];
    // Act
    await Promise.all(
      [lambda(), lambda(), lambda(), lambda()].map((budget) =>
        clock.run(async () => {
          for (let call = 0; call < 10; call += 1) {
            await budget.take('modify');
            tookAt.push(clock.now().getTime() - START.getTime());
          }
        }),
      ),
    );
    // Assess: every take happened, the burst at once, then never faster than the refill
    expect(tookAt).toHaveLength(40);
    expect(tookAt.filter((t) => t === 0)).toHaveLength(spec.burst);
    for (const windowMs of [1_000, 2_000, 5_000, 10_000]) {
      expect(peakIn(tookAt, windowMs), `window ${windowMs} ms`).toBeLessThanOrEqual(
        spec.burst + (spec.perSecond * windowMs) / 1000,
      );
    }
    // …and not much slower than the refill allows either: 35 refilled tokens at 2/s.
    expect(Math.max(...tookAt)).toBeLessThanOrEqual(((40 - spec.burst) / spec.perSecond) * 1000 + 1_000);
  });

  it('keeps the two kinds apart: reads do not spend the write bucket', async () => {
    const { clock, lambda } = deployment({
      modify: { burst: 1, perSecond: 0.001 },
      describe: { burst: 50, perSecond: 50 },
    });
    const budget = lambda();
    await clock.run(async () => {
      for (let i = 0; i < 50; i += 1) await budget.take('describe');
      await budget.take('modify');
    });
    expect(clock.now().getTime()).toBe(START.getTime());
  });

  it('gives up after the bounded wait with ApiBudgetExhausted when the bucket stays empty', async () => {
    // Prepare: another Lambda spent the only token; the refill takes 100 s, the wait is 10 s
    const { clock, lambda } = deployment(
      { modify: { burst: 1, perSecond: 0.01 }, describe: { burst: 1, perSecond: 1 } },
      10_000,
    );
    await clock.run(() => lambda().take('modify'));
    // Act
    const waiting = clock.run(() => lambda().take('modify'));
    // Assess
    await expect(waiting).rejects.toBeInstanceOf(ApiBudgetExhaustedError);
  });
});
