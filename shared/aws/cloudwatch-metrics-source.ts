import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { MetricsQuery, MetricsSource, TargetGroupMetrics } from '../ports/metrics-source.ts';
import { toCutoverError } from './aws-errors.ts';

export interface CloudWatchMetricsSourceOptions {
  readonly client: CloudWatchClient;
}

/** ALB metrics come in 60 s periods (and only while requests flow). */
const PERIOD_SECONDS = 60;

type Kind = 'requests' | 'errors5xx' | 'p99';
const METRICS: Record<Kind, { name: string; stat: string }> = {
  requests: { name: 'RequestCount', stat: 'Sum' },
  errors5xx: { name: 'HTTPCode_Target_5XX_Count', stat: 'Sum' },
  p99: { name: 'TargetResponseTime', stat: 'p99' },
};
const PREFIX: Record<Kind, string> = { requests: 'r', errors5xx: 'e', p99: 'p' };

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
        p99Ms: p99.length > 0 ? Math.round(Math.max(...p99) * 1000 * 1000) / 1000 : null,
      };
    });
    return result;
  }

  /** Values per query id, gathered over every page of the one request. */
  async #fetch(queries: MetricDataQuery[], query: MetricsQuery): Promise<Map<string, number[]>> {
    const values = new Map<string, number[]>();
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
        values.set(series.Id, [...(values.get(series.Id) ?? []), ...(series.Values ?? [])]);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return values;
  }
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
