import {
  type BucketSpec,
  type BucketState,
  ELB_ACCOUNT_LIMITS,
  elbBucketOf,
  fullBucket,
  take,
} from '#core/token-bucket';

/** One ELB API request as the account's rate limiter saw it. */
export interface ElbApiCall {
  /** Epoch ms. */
  readonly at: number;
  readonly command: string;
  readonly bucket: 'modify' | 'describe';
  readonly throttled: boolean;
}

export interface ElbLimitsSpec {
  readonly modify: BucketSpec;
  readonly describe: BucketSpec;
}

/**
 * The account's ELBv2 API rate limits in one region: a Modify* bucket and a Describe* bucket, shared
 * by every caller. One instance is shared by every sandbox of a campaign rehearsal, so twenty
 * cutovers polling at once throttle each other exactly as they would in one AWS account.
 */
export class ElbApiLimits {
  readonly spec: ElbLimitsSpec;
  readonly calls: ElbApiCall[] = [];
  readonly #buckets: Record<'modify' | 'describe', BucketState>;

  constructor(now: number, spec: ElbLimitsSpec = ELB_ACCOUNT_LIMITS) {
    this.spec = spec;
    this.#buckets = { modify: fullBucket(spec.modify, now), describe: fullBucket(spec.describe, now) };
  }

  /** Spends a token for `command` at `now`; false means AWS answers ThrottlingException. */
  admit(command: string, now: number): boolean {
    const bucket = elbBucketOf(command);
    if (bucket === undefined) return true;
    const result = take(this.#buckets[bucket], this.spec[bucket], now);
    this.#buckets[bucket] = result.state;
    this.calls.push({ at: now, command, bucket, throttled: !result.ok });
    return result.ok;
  }

  throttles(): number {
    return this.calls.filter((call) => call.throttled).length;
  }

  /** Requests per whole second since `start`, per bucket (throttled ones count: AWS counted them). */
  perSecond(start: number): { second: number; modify: number; describe: number }[] {
    const seconds = new Map<number, { second: number; modify: number; describe: number }>();
    for (const call of this.calls) {
      const second = Math.floor((call.at - start) / 1000);
      const row = seconds.get(second) ?? { second, modify: 0, describe: 0 };
      row[call.bucket] += 1;
      seconds.set(second, row);
    }
    return [...seconds.values()].sort((a, b) => a.second - b.second);
  }
}
