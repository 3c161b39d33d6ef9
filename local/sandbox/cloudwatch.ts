import type {
  DescribeAlarmsInput,
  GetMetricDataInput,
  MetricAlarm,
  MetricDataResult,
  StateValue,
} from '@aws-sdk/client-cloudwatch';
import { keyedRandom } from '../prng.ts';
import { awsError, notSimulated } from './aws-error.ts';
import type { MinuteStats, TrafficModel } from './traffic.ts';

const MINUTE_MS = 60_000;
const ALB_NAMESPACE = 'AWS/ApplicationELB';

/** TargetResponseTime statistics relative to the p99 the traffic model keeps. */
const LATENCY_FACTORS: readonly (readonly [percentile: number, factor: number])[] = [
  [0, 0.05],
  [50, 0.35],
  [90, 0.7],
  [95, 0.82],
  [99, 1],
  [99.9, 1.3],
  [100, 1.6],
];

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface PublicationDelay {
  /** Seconds after a 60 s period ends before its datapoints can be read (drawn per period). */
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/**
 * CloudWatch as the gates see it: ALB metrics per target group per 60 s period, computed from the
 * traffic model, readable only once published (a seeded delay after the period ends), and absent —
 * never zero — when there is nothing to report: no requests, or (for the 5XX count) no errors,
 * exactly as ALB reports them. Alarms by name with their state.
 */
export class CloudWatchSimulation {
  readonly #seed: number;
  readonly #traffic: TrafficModel;
  readonly #loadBalancerDimension: string;
  /** `targetgroup/<name>/<id>` → target group ARN. */
  readonly #groupsByDimension: ReadonlyMap<string, string>;
  readonly #delay: PublicationDelay;
  readonly #now: () => number;
  readonly #accountId: string;
  readonly #region: string;
  readonly alarms = new Map<string, { state: AlarmStateValue; since: number; reason: string }>();

  constructor(opts: {
    readonly seed: number;
    readonly traffic: TrafficModel;
    readonly loadBalancerDimension: string;
    readonly groupsByDimension: ReadonlyMap<string, string>;
    readonly delay: PublicationDelay;
    readonly now: () => number;
    readonly accountId: string;
    readonly region: string;
  }) {
    this.#seed = opts.seed;
    this.#traffic = opts.traffic;
    this.#loadBalancerDimension = opts.loadBalancerDimension;
    this.#groupsByDimension = opts.groupsByDimension;
    this.#delay = opts.delay;
    this.#now = opts.now;
    this.#accountId = opts.accountId;
    this.#region = opts.region;
  }

  readonly #published = new Map<number, number>();

  /** Epoch ms at which the period starting at `minuteStart` becomes readable. */
  publishedAt(minuteStart: number): number {
    const known = this.#published.get(minuteStart);
    if (known !== undefined) return known;
    const { minSeconds, maxSeconds } = this.#delay;
    const delay = keyedRandom(this.#seed, 'publish', minuteStart).int(minSeconds, maxSeconds);
    const at = minuteStart + MINUTE_MS + delay * 1000;
    this.#published.set(minuteStart, at);
    return at;
  }

  setAlarm(name: string, state: AlarmStateValue, reason: string): void {
    this.alarms.set(name, { state, since: this.#now(), reason });
  }

  describeAlarms(input: DescribeAlarmsInput): { MetricAlarms: MetricAlarm[]; CompositeAlarms: [] } {
    const names = input.AlarmNames;
    const selected = [...this.alarms.entries()].filter(
      ([name, alarm]) =>
        (names === undefined || names.includes(name)) &&
        (input.AlarmNamePrefix === undefined || name.startsWith(input.AlarmNamePrefix)) &&
        (input.StateValue === undefined || input.StateValue === alarm.state),
    );
    return {
      MetricAlarms: selected.map(([name, alarm]) => ({
        AlarmName: name,
        AlarmArn: `arn:aws:cloudwatch:${this.#region}:${this.#accountId}:alarm:${name}`,
        StateValue: alarm.state as StateValue,
        StateReason: alarm.reason,
        StateUpdatedTimestamp: new Date(alarm.since),
        ActionsEnabled: true,
      })),
      CompositeAlarms: [],
    };
  }

  getMetricData(input: GetMetricDataInput): { MetricDataResults: MetricDataResult[]; Messages: [] } {
    const start = toMs(input.StartTime, 'StartTime');
    const end = toMs(input.EndTime, 'EndTime');
    if (end <= start)
      throw awsError('ValidationError', 'The parameter StartTime must be less than the parameter EndTime.');
    const ascending = input.ScanBy === 'TimestampAscending';
    const results: MetricDataResult[] = [];
    for (const query of input.MetricDataQueries ?? []) {
      if (query.Expression !== undefined) {
        throw notSimulated(
          'a metric math Expression',
          'ask for each metric with MetricStat and combine them in code',
        );
      }
      const stat = query.MetricStat;
      if (stat === undefined)
        throw awsError('ValidationError', `query ${query.Id}: MetricStat or Expression is required`);
      const period = stat.Period ?? 0;
      if (period < 60 || period % 60 !== 0) {
        throw awsError(
          'ValidationError',
          `query ${query.Id}: the ALB metrics have 60 s resolution; Period must be a multiple of 60; got ${period}`,
        );
      }
      const points = this.#series(stat.Metric, stat.Stat ?? '', period * 1000, start, end);
      if (ascending) points.sort((a, b) => a[0] - b[0]);
      else points.sort((a, b) => b[0] - a[0]);
      if (query.ReturnData === false) continue;
      results.push({
        Id: query.Id,
        Label: query.Label ?? stat.Metric?.MetricName,
        Timestamps: points.map(([at]) => new Date(at)),
        Values: points.map(([, value]) => value),
        StatusCode: 'Complete',
      });
    }
    return { MetricDataResults: results, Messages: [] };
  }

  /** Published minutes of a group in [from, to), for reports. */
  minutes(targetGroupArn: string, from: number, to: number): { minuteStart: number; stats: MinuteStats }[] {
    const list: { minuteStart: number; stats: MinuteStats }[] = [];
    for (let minute = Math.floor(from / MINUTE_MS) * MINUTE_MS; minute < to; minute += MINUTE_MS) {
      list.push({ minuteStart: minute, stats: this.#traffic.minute(targetGroupArn, minute) });
    }
    return list;
  }

  #series(
    metric:
      | { Namespace?: string; MetricName?: string; Dimensions?: { Name?: string; Value?: string }[] }
      | undefined,
    stat: string,
    periodMs: number,
    start: number,
    end: number,
  ): [number, number][] {
    if (metric?.Namespace !== ALB_NAMESPACE) return [];
    const dimension = (name: string) => metric.Dimensions?.find((d) => d.Name === name)?.Value;
    if (dimension('LoadBalancer') !== this.#loadBalancerDimension) return [];
    const groupArn = this.#groupsByDimension.get(dimension('TargetGroup') ?? '');
    if (groupArn === undefined || (metric.Dimensions?.length ?? 0) !== 2) return [];
    const reader = this.#reader(metric.MetricName ?? '', stat);
    const now = this.#now();
    const points: [number, number][] = [];
    for (let bucket = Math.floor(start / periodMs) * periodMs; bucket < end; bucket += periodMs) {
      const minutes: MinuteStats[] = [];
      for (let minute = bucket; minute < bucket + periodMs && minute < end; minute += MINUTE_MS) {
        if (this.publishedAt(minute) > now) continue;
        minutes.push(this.#traffic.minute(groupArn, minute));
      }
      const value = reader(minutes);
      if (value !== undefined) points.push([bucket, value]);
    }
    return points;
  }

  /** How one statistic of one ALB metric aggregates minutes; undefined = no datapoint. */
  #reader(metricName: string, stat: string): (minutes: readonly MinuteStats[]) => number | undefined {
    switch (metricName) {
      case 'RequestCount':
        requireStat(metricName, stat, ['Sum', 'SampleCount']);
        return (minutes) => sumOf(minutes.filter((m) => m.requests > 0).map((m) => m.requests));
      case 'HTTPCode_Target_5XX_Count':
        requireStat(metricName, stat, ['Sum', 'SampleCount']);
        return (minutes) => sumOf(minutes.filter((m) => m.errors > 0).map((m) => m.errors));
      case 'TargetResponseTime': {
        if (stat === 'SampleCount')
          return (minutes) => sumOf(minutes.filter((m) => m.requests > 0).map((m) => m.requests));
        const factor = latencyFactor(stat, metricName);
        return (minutes) => {
          const served = minutes.filter((m) => m.requests > 0 && m.p99Ms !== null);
          if (served.length === 0) return undefined;
          const total = served.reduce((sum, m) => sum + m.requests, 0);
          // A tail percentile over several minutes is set by the worst minute that carries weight.
          const significant = served.filter((m) => m.requests >= total * 0.01);
          const p99 = Math.max(...significant.map((m) => m.p99Ms as number));
          return Math.round(p99 * factor) / 1e6;
        };
      }
      default:
        return () => undefined;
    }
  }
}

function sumOf(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0);
}

function requireStat(metricName: string, stat: string, allowed: readonly string[]): void {
  if (!allowed.includes(stat))
    throw notSimulated(`${metricName} statistic ${stat}`, `use ${allowed.join(' or ')}`);
}

/** TargetResponseTime is reported in seconds; the factor maps the model's p99 (ms) to ms×1000 units. */
function latencyFactor(stat: string, metricName: string): number {
  const percentile =
    stat === 'Average'
      ? 40
      : stat === 'Maximum'
        ? 100
        : stat === 'Minimum'
          ? 0
          : /^p\d+(\.\d+)?$/.test(stat)
            ? Number(stat.slice(1))
            : Number.NaN;
  if (Number.isNaN(percentile) || percentile > 100) {
    throw notSimulated(
      `${metricName} statistic ${stat}`,
      'use pNN, Average, Minimum, Maximum or SampleCount',
    );
  }
  for (let i = 1; i < LATENCY_FACTORS.length; i++) {
    const [p1, f1] = LATENCY_FACTORS[i] as readonly [number, number];
    const [p0, f0] = LATENCY_FACTORS[i - 1] as readonly [number, number];
    if (percentile <= p1) return (f0 + ((f1 - f0) * (percentile - p0)) / (p1 - p0)) * 1000;
  }
  return 1600;
}

function toMs(value: unknown, name: string): number {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'string' || typeof value === 'number'
        ? new Date(value).getTime()
        : Number.NaN;
  if (Number.isNaN(ms)) throw awsError('ValidationError', `The parameter ${name} is required`);
  return ms;
}
