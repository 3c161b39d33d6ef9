import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { ModifyListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import {
  ECS,
  ECS_DIMENSION,
  LB_DIMENSION,
  LISTENER,
  START,
  testSandbox,
  VM,
  VM_DIMENSION,
} from './fixture.ts';

const MINUTE = 60_000;

function query(id: string, metric: string, dimension: string, stat = 'Sum', period = 60): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ApplicationELB',
        MetricName: metric,
        Dimensions: [
          { Name: 'LoadBalancer', Value: LB_DIMENSION },
          { Name: 'TargetGroup', Value: dimension },
        ],
      },
      Period: period,
      Stat: stat,
    },
  };
}

async function series(
  clients: ReturnType<typeof testSandbox>['clients'],
  from: number,
  to: number,
  queries: MetricDataQuery[],
) {
  const out = await clients.cloudWatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(from),
      EndTime: new Date(to),
      MetricDataQueries: queries,
      ScanBy: 'TimestampAscending',
    }),
  );
  return Object.fromEntries(
    (out.MetricDataResults ?? []).map((r) => [
      r.Id,
      {
        at: (r.Timestamps ?? []).map((t) => (t.getTime() - START.getTime()) / MINUTE),
        values: r.Values ?? [],
      },
    ]),
  );
}

describe('sandbox CloudWatch', () => {
  it('publishes a 60 s period only 60–90 s after it ends', async () => {
    // Prepare
    const { clients, clock } = testSandbox();
    // Act: one minute has ended but nothing is published yet
    await clock.sleep(MINUTE + 59_000);
    const early = await series(clients, START.getTime(), clock.now().getTime(), [
      query('r', 'RequestCount', VM_DIMENSION),
    ]);
    await clock.sleep(31_000);
    const late = await series(clients, START.getTime(), clock.now().getTime(), [
      query('r', 'RequestCount', VM_DIMENSION),
    ]);
    // Assess
    expect(early.r?.values).toEqual([]);
    expect(late.r?.at).toEqual([0]);
  });

  it('splits requests by the live weights and reports no datapoint for a group without requests', async () => {
    // Prepare: 100 rps, vm 100 / ecs 0 for minute 0, then 75/25
    const { clients, clock } = testSandbox();
    await clock.sleep(MINUTE);
    await clients.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: LISTENER,
        DefaultActions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: VM, Weight: 75 },
                { TargetGroupArn: ECS, Weight: 25 },
              ],
            },
          },
        ],
      }),
    );
    // Act
    await clock.sleep(5 * MINUTE);
    const got = await series(clients, START.getTime(), START.getTime() + 3 * MINUTE, [
      query('vm', 'RequestCount', VM_DIMENSION),
      query('ecs', 'RequestCount', ECS_DIMENSION),
    ]);
    // Assess
    expect(got.ecs?.at).toEqual([1, 2]);
    for (const value of got.ecs?.values ?? []) expect(value).toBeGreaterThan(1300);
    for (const value of got.ecs?.values ?? []) expect(value).toBeLessThan(1700);
    expect(got.vm?.values[0]).toBeGreaterThan(5600);
  });

  it('reports 5XX counts only for minutes that had errors, and the error rate a fault sets', async () => {
    const { clients, clock, sandbox } = testSandbox();
    sandbox.setTargetGroup(VM, { errorPercent: 0 });
    await clock.sleep(2 * MINUTE);
    sandbox.setTargetGroup(VM, { errorPercent: 10 });
    await clock.sleep(5 * MINUTE);
    const got = await series(clients, START.getTime(), START.getTime() + 4 * MINUTE, [
      query('r', 'RequestCount', VM_DIMENSION),
      query('e', 'HTTPCode_Target_5XX_Count', VM_DIMENSION),
    ]);
    expect(got.r?.at).toEqual([0, 1, 2, 3]);
    expect(got.e?.at).toEqual([2, 3]);
    const rate = (got.e?.values[0] ?? 0) / (got.r?.values[2] ?? 1);
    expect(rate).toBeGreaterThan(0.08);
    expect(rate).toBeLessThan(0.12);
  });

  it('answers TargetResponseTime p99 in seconds from the latency the scenario sets', async () => {
    const { clients, clock, sandbox } = testSandbox();
    sandbox.setTargetGroup(VM, { p99Ms: 2000 });
    await clock.sleep(4 * MINUTE);
    const got = await series(clients, START.getTime(), START.getTime() + MINUTE, [
      query('p', 'TargetResponseTime', VM_DIMENSION, 'p99'),
    ]);
    expect(got.p?.values[0]).toBeGreaterThan(1.8);
    expect(got.p?.values[0]).toBeLessThan(2.2);
  });

  it('gives the same numbers for the same seed, whenever they are asked for', async () => {
    const first = testSandbox();
    const second = testSandbox();
    await first.clock.sleep(10 * MINUTE);
    await second.clock.sleep(3 * MINUTE);
    const a = await series(first.clients, START.getTime(), START.getTime() + MINUTE, [
      query('r', 'RequestCount', VM_DIMENSION),
    ]);
    const b = await series(second.clients, START.getTime(), START.getTime() + MINUTE, [
      query('r', 'RequestCount', VM_DIMENSION),
    ]);
    expect(a).toEqual(b);
  });

  it('refuses metric math rather than pretending to evaluate it', async () => {
    const { clients } = testSandbox();
    const call = clients.cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: START,
        EndTime: new Date(START.getTime() + MINUTE),
        MetricDataQueries: [{ Id: 'x', Expression: 'SUM(METRICS())' }],
      }),
    );
    await expect(call).rejects.toMatchObject({ name: 'ValidationException', message: /not simulated/ });
  });

  it('describes alarms by name with the state a fault sets', async () => {
    const { clients, sandbox } = testSandbox();
    sandbox.setAlarm('crawler-ecs-cpu-high', 'ALARM');
    const out = await clients.cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNames: ['crawler-ecs-cpu-high', 'missing'] }),
    );
    expect(out.MetricAlarms?.map((a) => [a.AlarmName, a.StateValue])).toEqual([
      ['crawler-ecs-cpu-high', 'ALARM'],
    ]);
  });
});
