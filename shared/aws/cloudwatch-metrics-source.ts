import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { MetricsQuery, MetricsSource, MinuteMetrics, TargetGroupMetrics } from '#ports/metrics-source';
import { toCutoverError } from './aws-errors.ts';

export interface CloudWatchMetricsSourceOptions {
  readonly client: CloudWatchClient;
}

/** ALB metrics come in 60 s periods (and only while requests flow). */
const PERIOD_SECONDS = 60;

type Kind = 'requests' | 'errors5xx' | 'p99' | 'p95';
const METRICS: Record<Kind, { name: string; stat: string }> = {
  requests: { name: 'RequestCount', stat: 'Sum' },
  errors5xx: { name: 'HTTPCode_Target_5XX_Count', stat: 'Sum' },
  p99: { name: 'TargetResponseTime', stat: 'p99' },
  p95: { name: 'TargetResponseTime', stat: 'p95' },
};
const PREFIX: Record<Kind, string> = { requests: 'r', errors5xx: 'e', p99: 'p', p95: 'q' };

/**
 * ALB per-target-group metrics from ONE GetMetricData request (followed through its NextToken
 * pages): RequestCount and HTTPCode_Target_5XX_Count summed over the window's 60 s periods, and the
 * highest per-period p99 of TargetResponseTime (seconds → ms). A metric without datapoints is `null`,
 * never 0: the gates must tell "no traffic / not yet published" from "zero errors".
 */
export class CloudWatchMetricsSource implements MetricsSource {
  readonly #client: CloudWatchClient;

  constructor(options: CloudWatchMetricsSourceOptions) {
    this.#client = options.client;
  }

  async albMetrics(query: MetricsQuery): Promise<Readonly<Record<string, TargetGroupMetrics>>> {
    const groups = Object.entries(query.targetGroups);
    if (groups.length === 0) return {};
    const queries: MetricDataQuery[] = groups.flatMap(([, dimension], index) =>
      (Object.keys(METRICS) as Kind[]).map((kind) => ({
        Id: `${PREFIX[kind]}${index}`,
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/ApplicationELB',
            MetricName: METRICS[kind].name,
            Dimensions: [
              { Name: 'LoadBalancer', Value: query.loadBalancerDimension },
              { Name: 'TargetGroup', Value: dimension },
            ],
          },
          Period: PERIOD_SECONDS,
          Stat: METRICS[kind].stat,
        },
      })),
    );
    const values = await this.#fetch(queries, query);
    const result: Record<string, TargetGroupMetrics> = {};
    groups.forEach(([targetGroupArn], index) => {
      const requests = values.get(`r${index}`) ?? [];
      const errors = values.get(`e${index}`) ?? [];
      const p99 = values.get(`p${index}`) ?? [];
      result[targetGroupArn] = {
        targetGroupArn,
        requests: requests.length > 0 ? sum(requests) : null,
        errors5xx: errors.length > 0 ? sum(errors) : null,
        // A p99 over the whole window cannot be rebuilt from per-period p99s; the worst period is the
        // conservative stand-in (a gate then fails rather than passes on a bad minute).
        p99Ms: p99.length > 0 ? toMs(Math.max(...p99.map(([, value]) => value))) : null,
        minutes: perMinute(requests, errors, p99, values.get(`q${index}`) ?? []),
      };
    });
    return result;
  }

  /** Values per query id, gathered over every page of the one request. */
  async #fetch(queries: MetricDataQuery[], query: MetricsQuery): Promise<Map<string, Point[]>> {
    const values = new Map<string, Point[]>();
    let nextToken: string | undefined;
    do {
      let page: GetMetricDataCommandOutput;
      try {
        page = await this.#client.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            StartTime: query.start,
            EndTime: query.end,
            ScanBy: 'TimestampAscending',
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
      } catch (err) {
        throw toCutoverError(err, `ALB metrics of ${query.loadBalancerDimension}`);
      }
      for (const series of page.MetricDataResults ?? []) {
        if (!series.Id) continue;
        const times = series.Timestamps ?? [];
        const points = (series.Values ?? []).map((value, i): Point => [times[i]?.getTime() ?? 0, value]);
        values.set(series.Id, [...(values.get(series.Id) ?? []), ...points]);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return values;
  }
}

/** [period start (epoch ms), value] */
type Point = [number, number];

const sum = (points: readonly Point[]) => points.reduce((total, [, value]) => total + value, 0);
/** TargetResponseTime is in seconds. */
const toMs = (seconds: number) => Math.round(seconds * 1000 * 1000) / 1000;

/**
 * The minutes with a RequestCount datapoint, oldest first. ALB publishes no 5XX datapoint for a
 * minute without errors, so a missing one there is 0 — but a missing RequestCount is "no data".
 */
function perMinute(
  requests: readonly Point[],
  errors: readonly Point[],
  p99: readonly Point[],
  p95: readonly Point[],
): MinuteMetrics[] {
  const errorsAt = new Map(errors);
  const p99At = new Map(p99);
  const p95At = new Map(p95);
  const ms = (seconds: number | undefined) => (seconds === undefined ? null : toMs(seconds));
  return [...requests]
    .sort((a, b) => a[0] - b[0])
    .filter(([, count]) => count > 0)
    .map(([start, count]) => ({
      start,
      requests: count,
      errors5xx: errorsAt.get(start) ?? 0,
      p99Ms: ms(p99At.get(start)),
      p95Ms: ms(p95At.get(start)),
    }));
}
