import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchMetricsSource } from '#aws/cloudwatch-metrics-source';
import { AwsRejectedError, AwsTransientError } from '#core/errors';
import { accessDenied, REGION, TG_ECS, TG_VM, testCredentials, throttling } from './kit.ts';

const cloudWatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: REGION, credentials: testCredentials });
const query = {
  loadBalancerDimension: 'app/web/50dc6c495c0c9188',
  targetGroups: {
    [TG_VM]: 'targetgroup/crawler-vm/73e2d6bc24d8a067',
    [TG_ECS]: 'targetgroup/crawler-ecs/0123456789abcdef',
  },
  start: new Date('2026-11-02T01:00:00Z'),
  end: new Date('2026-11-02T01:03:00Z'),
};

describe('CloudWatchMetricsSource', () => {
  beforeEach(() => cloudWatch.reset());

  it('asks for every metric of every target group in one request, per 60 s period', async () => {
    // Prepare
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    // Act
    await new CloudWatchMetricsSource({ client }).albMetrics(query);
    // Assess
    expect(cloudWatch).toHaveReceivedCommandOnce(GetMetricDataCommand);
    const input = cloudWatch.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    expect(input?.StartTime).toEqual(query.start);
    expect(input?.EndTime).toEqual(query.end);
    expect(input?.MetricDataQueries).toHaveLength(8);
    expect(
      input?.MetricDataQueries?.map((q) => [
        q.Id,
        q.MetricStat?.Metric?.MetricName,
        q.MetricStat?.Stat,
        q.MetricStat?.Period,
      ]),
    ).toEqual([
      ['r0', 'RequestCount', 'Sum', 60],
      ['e0', 'HTTPCode_Target_5XX_Count', 'Sum', 60],
      ['p0', 'TargetResponseTime', 'p99', 60],
      ['q0', 'TargetResponseTime', 'p95', 60],
      ['r1', 'RequestCount', 'Sum', 60],
      ['e1', 'HTTPCode_Target_5XX_Count', 'Sum', 60],
      ['p1', 'TargetResponseTime', 'p99', 60],
      ['q1', 'TargetResponseTime', 'p95', 60],
    ]);
    expect(input?.MetricDataQueries?.[5]?.MetricStat?.Metric).toEqual({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Dimensions: [
        { Name: 'LoadBalancer', Value: 'app/web/50dc6c495c0c9188' },
        { Name: 'TargetGroup', Value: 'targetgroup/crawler-ecs/0123456789abcdef' },
      ],
    });
  });

  it('sums counts over the periods, takes the worst p99 in ms, and keeps "no data" as null', async () => {
    // Prepare
    const at = (minute: number) => new Date(query.start.getTime() + minute * 60_000);
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'r0', Timestamps: [at(0), at(1), at(2)], Values: [600, 620, 580] },
        { Id: 'e0', Timestamps: [at(1)], Values: [1] },
        { Id: 'p0', Timestamps: [at(0), at(1), at(2)], Values: [0.12, 0.25, 0.11] },
        { Id: 'q0', Timestamps: [at(0), at(1)], Values: [0.08, 0.2] },
        { Id: 'r1', Values: [] },
        { Id: 'e1', Values: [] },
        { Id: 'p1', Values: [] },
      ],
    });
    // Act
    const metrics = await new CloudWatchMetricsSource({ client }).albMetrics(query);
    // Assess
    expect(metrics).toEqual({
      [TG_VM]: {
        targetGroupArn: TG_VM,
        requests: 1800,
        errors5xx: 1,
        p99Ms: 250,
        // a minute without a 5XX datapoint had no 5XX; one without a p95 has none to judge
        minutes: [
          { start: at(0).getTime(), requests: 600, errors5xx: 0, p99Ms: 120, p95Ms: 80 },
          { start: at(1).getTime(), requests: 620, errors5xx: 1, p99Ms: 250, p95Ms: 200 },
          { start: at(2).getTime(), requests: 580, errors5xx: 0, p99Ms: 110, p95Ms: null },
        ],
      },
      [TG_ECS]: { targetGroupArn: TG_ECS, requests: null, errors5xx: null, p99Ms: null, minutes: [] },
    });
  });

  it('distinguishes zero from no data', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'r0', Values: [0] },
        { Id: 'e0', Values: [0] },
      ],
    });
    const metrics = await new CloudWatchMetricsSource({ client }).albMetrics(query);
    expect(metrics[TG_VM]).toEqual({
      targetGroupArn: TG_VM,
      requests: 0,
      errors5xx: 0,
      p99Ms: null,
      minutes: [],
    });
  });

  it('follows NextToken pages of the same request and merges the values', async () => {
    // Prepare
    cloudWatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'r0', Values: [100] },
          { Id: 'p0', Values: [0.2] },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'r0', Values: [50] },
          { Id: 'p0', Values: [0.3] },
        ],
      });
    // Act
    const metrics = await new CloudWatchMetricsSource({ client }).albMetrics(query);
    // Assess
    expect(metrics[TG_VM]).toMatchObject({ requests: 150, p99Ms: 300 });
    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 2);
    expect(cloudWatch).toHaveReceivedNthCommandWith(GetMetricDataCommand, 2, { NextToken: 'page-2' });
  });

  it('makes no call for an empty query', async () => {
    const metrics = await new CloudWatchMetricsSource({ client }).albMetrics({ ...query, targetGroups: {} });
    expect(metrics).toEqual({});
    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 0);
  });

  it.each([
    ['ThrottlingException', throttling, AwsTransientError],
    ['AccessDenied', accessDenied, AwsRejectedError],
  ] as const)('surfaces %s', async (_name, error, expected) => {
    cloudWatch.on(GetMetricDataCommand).rejects(error());
    await expect(new CloudWatchMetricsSource({ client }).albMetrics(query)).rejects.toBeInstanceOf(expected);
  });
});
