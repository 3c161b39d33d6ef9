import { keyedRandom } from '../prng.ts';
import type { ElbSimulation, SimulatedTargetGroup } from './elbv2.ts';
import type { SplitSkew } from './hooks.ts';
import { skewedShare } from './split-skew.ts';

/** What one target group served during one 60 s period. */
export interface MinuteStats {
  readonly requests: number;
  /** Responses with a target 5XX. */
  readonly errors: number;
  /** p99 of the target response time in ms; null when no request was served. */
  readonly p99Ms: number | null;
}

interface Setting {
  readonly at: number;
  readonly value: number;
}

export interface TargetBehaviour {
  /** Percent of requests a passing target answers with a 5XX. */
  readonly errorPercent: number;
  /** p99 response time of a passing target, ms. */
  readonly p99Ms: number;
}

const MINUTE_MS = 60_000;
/** Sampling step inside a minute; weights and health change on whole virtual instants. */
const SAMPLE_MS = 1_000;

/**
 * The traffic model behind the CloudWatch metrics: the router receives `requestsPerSecond`, split
 * between target groups by the forward weights live at each second (not by target health: ALB
 * fails open, so only a weight change takes traffic away). A request that lands on a target whose
 * health checks fail gets a 5XX; the others fail with the group's error rate. Noise is seeded and
 * keyed by (group, minute), so a minute reads the same whenever it is asked for.
 */
export class TrafficModel {
  readonly #seed: number;
  readonly #routerArn: string;
  readonly #requestsPerSecond: number;
  readonly #elb: ElbSimulation;
  readonly #now: () => number;
  readonly #errorPercent = new Map<string, Setting[]>();
  readonly #p99Ms = new Map<string, Setting[]>();
  readonly #cache = new Map<string, MinuteStats>();
  /** Groups whose units have a capacity: requests per second per unit, and the units serving at a time. */
  readonly #capacity = new Map<
    string,
    { readonly perUnit: number; readonly unitsAt: (at: number) => number }
  >();
  /** Groups deleted during the run: their targets served until `at`, every request after fails. */
  readonly #deleted = new Map<string, { readonly group: SimulatedTargetGroup; readonly at: number }>();
  /** Scenario `splitSkew`: groups the ALB serves other shares than their weights. */
  readonly #skew = new Map<string, SplitSkew>();

  constructor(opts: {
    readonly seed: number;
    readonly routerArn: string;
    readonly requestsPerSecond: number;
    readonly elb: ElbSimulation;
    readonly now: () => number;
  }) {
    this.#seed = opts.seed;
    this.#routerArn = opts.routerArn;
    this.#requestsPerSecond = opts.requestsPerSecond;
    this.#elb = opts.elb;
    this.#now = opts.now;
  }

  get routerArn(): string {
    return this.#routerArn;
  }

  /** The ALB serves the group `servesPercent` of requests (while its weight is `atWeight`). */
  setSplitSkew(targetGroupArn: string, skew: SplitSkew): void {
    this.#skew.set(targetGroupArn, skew);
  }

  /** From `at` on, passing targets of the group behave like this. */
  setBehaviour(targetGroupArn: string, behaviour: Partial<TargetBehaviour>, at: number): void {
    if (behaviour.errorPercent !== undefined)
      push(this.#errorPercent, targetGroupArn, at, behaviour.errorPercent);
    if (behaviour.p99Ms !== undefined) push(this.#p99Ms, targetGroupArn, at, behaviour.p99Ms);
  }

  behaviourAt(targetGroupArn: string, at: number): TargetBehaviour {
    return {
      errorPercent: valueAt(this.#errorPercent.get(targetGroupArn), at) ?? 0,
      p99Ms: valueAt(this.#p99Ms.get(targetGroupArn), at) ?? 100,
    };
  }

  /**
   * Each unit of the group serves `perUnit` requests per second; beyond that requests queue (latency
   * grows with the overload) and the excess is shed as 5XX.
   */
  setCapacity(targetGroupArn: string, perUnit: number, unitsAt: (at: number) => number): void {
    this.#capacity.set(targetGroupArn, { perUnit, unitsAt });
  }

  /** The group is deleted at `at`; minutes before it still read what its targets served. */
  targetGroupDeleted(group: SimulatedTargetGroup, at: number): void {
    this.#deleted.set(group.arn, { group, at });
  }

  /** Stats of one group for the minute starting at `minuteStart` (epoch ms, a multiple of 60 000). */
  minute(targetGroupArn: string, minuteStart: number): MinuteStats {
    const key = `${targetGroupArn}@${minuteStart}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const stats = this.#compute(targetGroupArn, minuteStart);
    // A minute is final once it has ended: later faults cannot reach back into it.
    if (minuteStart + MINUTE_MS <= this.#now()) this.#cache.set(key, stats);
    return stats;
  }

  #overloadAt(targetGroupArn: string, at: number, requestsPerSecond: number): number {
    const capacity = this.#capacity.get(targetGroupArn);
    if (capacity === undefined) return 1;
    const units = capacity.unitsAt(at);
    return units <= 0 ? 1 : requestsPerSecond / units / capacity.perUnit;
  }

  #compute(targetGroupArn: string, minuteStart: number): MinuteStats {
    const deleted = this.#deleted.get(targetGroupArn);
    const group = this.#elb.targetGroups.get(targetGroupArn) ?? deleted?.group;
    let expectedRequests = 0;
    let expectedErrors = 0;
    let latencyWeighted = 0;
    for (let offset = SAMPLE_MS / 2; offset < MINUTE_MS; offset += SAMPLE_MS) {
      const at = minuteStart + offset;
      const share = skewedShare(this.#elb.albWeightsAt(this.#routerArn, at), targetGroupArn, this.#skew);
      if (share === 0) continue;
      const requests = (this.#requestsPerSecond * SAMPLE_MS * share) / 1000;
      const behaviour = this.behaviourAt(targetGroupArn, at);
      const gone = group === undefined || (deleted !== undefined && at >= deleted.at);
      const failing = gone ? 1 : group.health.failingShareAt(at);
      const overload = this.#overloadAt(targetGroupArn, at, (requests * 1000) / SAMPLE_MS);
      const shed = overload > 1 ? 1 - 1 / overload : 0;
      const errorShare = failing + (1 - failing) * Math.min(1, behaviour.errorPercent / 100 + shed);
      expectedRequests += requests;
      expectedErrors += requests * errorShare;
      latencyWeighted += requests * behaviour.p99Ms * Math.max(1, overload);
    }
    if (expectedRequests === 0) return { requests: 0, errors: 0, p99Ms: null };
    const random = keyedRandom(this.#seed, 'minute', targetGroupArn, minuteStart);
    const requests = random.poisson(expectedRequests);
    if (requests === 0) return { requests: 0, errors: 0, p99Ms: null };
    const errors = Math.min(requests, random.poisson((expectedErrors * requests) / expectedRequests));
    const p99 = (latencyWeighted / expectedRequests) * (1 + 0.03 * random.gaussian());
    return { requests, errors, p99Ms: Math.max(1, Math.round(p99 * 10) / 10) };
  }
}

function push(map: Map<string, Setting[]>, key: string, at: number, value: number): void {
  const list = map.get(key) ?? [];
  list.push({ at, value });
  list.sort((a, b) => a.at - b.at);
  map.set(key, list);
}

function valueAt(list: readonly Setting[] | undefined, at: number): number | undefined {
  let found: number | undefined;
  for (const setting of list ?? []) {
    if (setting.at > at) break;
    found = setting.value;
  }
  return found;
}
