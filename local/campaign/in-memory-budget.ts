import { pacedTake } from '#core/paced-take';
import { type BucketSpec, type BucketState, fullBucket, take } from '#core/token-bucket';
import type { ApiBudget } from '#ports/api-budget';
import type { Clock } from '#ports/clock';

/**
 * The shared ELB API budget in memory, on the rehearsal's clock: every cutover of a campaign
 * rehearsal takes its tokens here (the deployed one keeps the same buckets in DynamoDB).
 */
export class InMemoryApiBudget implements ApiBudget {
  readonly waits: { at: number; bucket: string; ms: number }[] = [];
  readonly #specs: Record<'modify' | 'describe', BucketSpec>;
  readonly #state: Record<'modify' | 'describe', BucketState>;
  readonly #clock: Clock;

  constructor(specs: Record<'modify' | 'describe', BucketSpec>, clock: Clock) {
    this.#specs = specs;
    this.#clock = clock;
    const now = clock.now().getTime();
    this.#state = { modify: fullBucket(specs.modify, now), describe: fullBucket(specs.describe, now) };
  }

  take(bucket: 'modify' | 'describe'): Promise<void> {
    return pacedTake(
      bucket,
      async () => {
        const result = take(this.#state[bucket], this.#specs[bucket], this.#clock.now().getTime());
        this.#state[bucket] = result.state;
        return result;
      },
      async (ms) => {
        this.waits.push({ at: this.#clock.now().getTime(), bucket, ms });
        await this.#clock.sleep(ms);
      },
    );
  }
}
