import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConfigurationError } from '#core/errors';
import { pacedTake } from '#core/paced-take';
import { type BucketSpec, type BucketState, fullBucket, type TakeResult, take } from '#core/token-bucket';
import type { ApiBudget } from '#ports/api-budget';
import type { Clock } from '#ports/clock';
import { isAwsError, toCutoverError } from './aws-errors.ts';

export type ElbBucket = 'modify' | 'describe';

export interface DynamoDbApiBudgetOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The account region whose ELB limits the buckets share (one pair of buckets per region). */
  readonly region: string;
  readonly specs: Readonly<Record<ElbBucket, BucketSpec>>;
  readonly clock: Clock;
  /** Bounded wait for a token (default: paced-take's MAX_BUDGET_WAIT_MS). */
  readonly maxWaitMs?: number;
}

/** The partition of the budget items: `pk="api-budget"`, `sk="elb#<region>#<bucket>"`. */
export const API_BUDGET_PARTITION = 'api-budget';
/** Lost races in a row before a taker backs off (a short sleep) instead of retrying at once. */
const MAX_RACES = 4;
/** The back-off after lost races: long enough for the winners to finish, short against the bucket's refill. */
const RACE_BACKOFF_MS = 50;

/**
 * The deployment's ELB API budget in its DynamoDB table: one item per bucket holding `tokens` and
 * the instant `at` they were counted, shared by every Lambda of every cutover (and campaign).
 *
 * Why this design:
 * - Contention. A take is one conditional PutItem on the state this taker last saw (`tokens` and
 *   `at` unchanged); the loser of a race gets the winner's item back in the same call
 *   (ReturnValuesOnConditionCheckFailure) and retries on it, so the common path is one write and a
 *   lost race costs one more — never a lock, never a token spent twice. One item takes ~1,000 writes
 *   a second, far above the ELB limits it guards (3 writes, 50 reads a second), so the item is never
 *   the bottleneck.
 * - Clock skew. Refill is computed from the stored `at` to the taker's clock, and time never goes
 *   back: a taker whose clock is behind counts from the stored `at` (no refill), one ahead refills at
 *   most its skew × rate once, capped at the burst. Lambda clocks are NTP-synchronised to
 *   milliseconds, so the error is a fraction of one token.
 * - Cost. One on-demand write per ELB call (two on a lost race): a cutover polling every 15 s makes a
 *   few thousand ELB calls a day, cents a month; no extra read (the conditional write is its own
 *   check, and the winner's item comes back with a lost race).
 * A taker with no token waits for the refill (bounded, shared/core/paced-take.ts), then fails with
 * ApiBudgetExhausted, which the state machine retries like throttling.
 */
export class DynamoDbApiBudget implements ApiBudget {
  readonly #options: DynamoDbApiBudgetOptions;
  /** The item as this taker last saw it, per bucket; absent: not seen (assume a full, new bucket). */
  readonly #seen = new Map<ElbBucket, BucketState>();

  constructor(options: DynamoDbApiBudgetOptions) {
    this.#options = options;
  }

  take(bucket: ElbBucket): Promise<void> {
    return pacedTake(
      `${bucket} (${this.#options.region})`,
      () => this.#attempt(bucket),
      (ms) => this.#options.clock.sleep(ms),
      this.#options.maxWaitMs,
    );
  }

  async #attempt(bucket: ElbBucket): Promise<TakeResult> {
    const spec = this.#options.specs[bucket];
    for (let race = 0; race < MAX_RACES; race += 1) {
      const seen = this.#seen.get(bucket);
      // Never count back in time: a clock behind the stored instant refills nothing.
      const now = Math.max(this.#options.clock.now().getTime(), seen?.at ?? 0);
      const result = take(seen ?? fullBucket(spec, now), spec, now);
      // Others only take tokens: if the last state seen has none, the stored one has none either.
      if (!result.ok) return result;
      const winner = await this.#write(bucket, seen, result.state);
      if (winner === undefined) {
        this.#seen.set(bucket, result.state);
        return result;
      }
      if (winner === null) this.#seen.delete(bucket);
      else this.#seen.set(bucket, winner);
    }
    return { ok: false, state: this.#seen.get(bucket) ?? fullBucket(spec, 0), waitMs: RACE_BACKOFF_MS };
  }

  /** Writes `next` if the item is still `seen`; returns the item that won instead (null: none), or undefined. */
  async #write(
    bucket: ElbBucket,
    seen: BucketState | undefined,
    next: BucketState,
  ): Promise<BucketState | null | undefined> {
    const sk = `elb#${this.#options.region}#${bucket}`;
    try {
      await this.#options.client.send(
        new PutCommand({
          TableName: this.#options.tableName,
          Item: { pk: API_BUDGET_PARTITION, sk, tokens: next.tokens, at: next.at },
          ...(seen === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#tokens = :tokens AND #at = :at',
                ExpressionAttributeNames: { '#tokens': 'tokens', '#at': 'at' },
                ExpressionAttributeValues: { ':tokens': seen.tokens, ':at': seen.at },
              }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) {
        throw toCutoverError(error, `ELB API budget ${sk}`);
      }
      return stateOf((error as { Item?: Record<string, unknown> }).Item, sk);
    }
  }
}

/**
 * The winner's item from a failed condition (plain numbers, or attribute values `{ N: "…" }`);
 * null when there is no item any more (deleted by hand): the next write creates it again.
 */
function stateOf(item: Record<string, unknown> | undefined, sk: string): BucketState | null {
  if (item === undefined) return null;
  const number = (value: unknown): number =>
    typeof value === 'number' ? value : Number((value as { N?: string } | undefined)?.N ?? Number.NaN);
  const tokens = number(item.tokens);
  const at = number(item.at);
  if (Number.isFinite(tokens) && Number.isFinite(at)) return { tokens, at };
  throw new ConfigurationError(
    `ELB API budget ${sk}: the item has no numeric tokens and at (found ${JSON.stringify(item)}); delete the item (pk "${API_BUDGET_PARTITION}", sk "${sk}") and it is created again full`,
  );
}
