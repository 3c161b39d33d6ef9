/**
 * Token-bucket arithmetic, pure: the shape AWS uses for its API rate limits (a bucket of `burst`
 * tokens refilled at `perSecond`; a call takes one token or is throttled). The sandbox enforces the
 * account's buckets with it, and the shared ELB API budget paces Cutover's own calls with the same
 * math, whether its state lives in memory or in a DynamoDB item.
 */

export interface BucketSpec {
  /** Tokens the bucket holds when full (the burst a caller may spend at once). */
  readonly burst: number;
  /** Tokens added per second, up to `burst`. */
  readonly perSecond: number;
}

export interface BucketState {
  readonly tokens: number;
  /** Epoch ms the tokens were counted at. */
  readonly at: number;
}

/** The ELB API limits AWS documents per account and region (elb-api-throttling.html, March 2026). */
export const ELB_ACCOUNT_LIMITS: { readonly modify: BucketSpec; readonly describe: BucketSpec } = {
  modify: { burst: 20, perSecond: 3 },
  describe: { burst: 200, perSecond: 50 },
};

/** A full bucket at `now`. */
export function fullBucket(spec: BucketSpec, now: number): BucketState {
  return { tokens: spec.burst, at: now };
}

/** The bucket at `now`: refilled for the time elapsed, never above `burst`, never back in time. */
export function refill(state: BucketState, spec: BucketSpec, now: number): BucketState {
  if (now <= state.at) return state;
  const tokens = Math.min(spec.burst, state.tokens + ((now - state.at) / 1000) * spec.perSecond);
  return { tokens, at: now };
}

export type TakeResult =
  | { readonly ok: true; readonly state: BucketState }
  | { readonly ok: false; readonly state: BucketState; readonly waitMs: number };

/** Takes `count` tokens at `now`, or says how long until they will be there. */
export function take(state: BucketState, spec: BucketSpec, now: number, count = 1): TakeResult {
  const current = refill(state, spec, now);
  if (current.tokens >= count) return { ok: true, state: { tokens: current.tokens - count, at: now } };
  const missing = count - current.tokens;
  return { ok: false, state: current, waitMs: Math.ceil((missing / spec.perSecond) * 1000) };
}

const ELB_READS = new Set([
  'DescribeListeners',
  'DescribeRules',
  'DescribeTargetGroups',
  'DescribeTargetHealth',
  'DescribeLoadBalancers',
  'DescribeTags',
  'DescribeListenerAttributes',
  'DescribeLoadBalancerAttributes',
  'DescribeTargetGroupAttributes',
]);

/**
 * Which account bucket an ELBv2 command spends: writes (Modify*) or reads (Describe*); undefined for
 * anything else (other services' Describe* calls have their own limits).
 */
export function elbBucketOf(command: string): 'modify' | 'describe' | undefined {
  const name = command.replace(/Command$/, '');
  if (ELB_READS.has(name)) return 'describe';
  if (name === 'ModifyListener' || name === 'ModifyRule' || name.startsWith('ModifyTargetGroup'))
    return 'modify';
  return undefined;
}
