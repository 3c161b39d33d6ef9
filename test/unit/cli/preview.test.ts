import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeClusterCommand, DescribeNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  DescribeListenersCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type PreviewResult, run as preview } from '#cli/commands/preview';
import { awsError, captureIo, ECS_TG, EKS_TG, forwardingListener, PLAN, testDeps, VM_TG } from './helpers.ts';

const elb = mockClient(ElasticLoadBalancingV2Client);
const ecs = mockClient(ECSClient);
const eks = mockClient(EKSClient);
const asg = mockClient(AutoScalingClient);
const cloudWatch = mockClient(CloudWatchClient);

const alarm = (state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA') =>
  cloudWatch
    .on(DescribeAlarmsCommand)
    .resolves({ MetricAlarms: [{ AlarmName: 'crawler-ecs-cpu-high', StateValue: state }] });

const listener = (weights: { vm: number; ecs: number }, stickiness?: number) =>
  elb.on(DescribeListenersCommand).resolves(forwardingListener(weights, stickiness));

function healthy(targetGroupArn: string, count: number) {
  elb.on(DescribeTargetHealthCommand, { TargetGroupArn: targetGroupArn }).resolves({
    TargetHealthDescriptions: Array.from({ length: count }, (_, i) => ({
      Target: { Id: `i-${i}` },
      TargetHealth: { State: 'healthy' },
    })),
  });
}

function ecsService(runningCount: number) {
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceName: 'crawler',
        status: 'ACTIVE',
        desiredCount: 3,
        runningCount,
        deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'COMPLETED', failedTasks: 0 }],
      },
    ],
  });
}

beforeEach(() => {
  for (const mock of [elb, ecs, eks, asg, cloudWatch]) mock.reset();
  alarm('OK');
  asg.on(DescribeInstanceRefreshesCommand).resolves({ InstanceRefreshes: [] });
  asg.on(DescribeAutoScalingGroupsCommand).resolves({
    AutoScalingGroups: [
      {
        AutoScalingGroupName: 'crawler',
        DesiredCapacity: 4,
        MinSize: 1,
        MaxSize: 8,
        DefaultCooldown: 300,
        AvailabilityZones: ['ap-northeast-1a'],
        HealthCheckType: 'ELB',
        CreatedTime: new Date(),
        Instances: Array.from({ length: 4 }, (_, i) => ({
          InstanceId: `i-${i}`,
          LifecycleState: 'InService',
          HealthStatus: 'Healthy',
          AvailabilityZone: 'ap-northeast-1a',
          ProtectedFromScaleIn: false,
        })),
      },
    ],
  });
  eks.on(DescribeClusterCommand).resolves({ cluster: { name: 'main', status: 'ACTIVE' } });
  eks
    .on(DescribeNodegroupCommand)
    .resolves({ nodegroup: { nodegroupName: 'general', status: 'ACTIVE', health: { issues: [] } } });
  healthy(EKS_TG, 2);
});

describe('cutover preview', () => {
  it('prints each step with no warnings when the router, health and platforms are as the plan expects', async () => {
    // Prepare
    listener({ vm: 100, ecs: 0 });
    healthy(VM_TG, 4);
    healthy(ECS_TG, 3);
    ecsService(3);
    const cli = captureIo();
    // Act
    const code = await preview([PLAN, '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    const result = cli.json<PreviewResult>();
    expect(result.warnings).toEqual([]);
    expect(result.liveWeights).toEqual({ vm: 100, ecs: 0, eks: 0 });
    expect(result.steps.map((s) => s.weights.ecs)).toEqual([1, 5, 25, 50, 100]);
    expect(result.steps.map((s) => s.approval)).toEqual([false, false, false, true, true]);
    expect(elb).not.toHaveReceivedCommand(ModifyListenerCommand);
  });

  it('warns about drift, stickiness, retreat capacity and a destination that is not ready', async () => {
    // Prepare
    listener({ vm: 90, ecs: 10 }, 3600);
    healthy(VM_TG, 1);
    healthy(ECS_TG, 1);
    ecsService(1);
    const cli = captureIo();
    // Act
    const code = await preview([PLAN, '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    const kinds = cli.json<PreviewResult>().warnings.map((w) => w.kind);
    expect(kinds).toEqual(['drift', 'stickiness', 'retreat', 'retreat', 'destination', 'destination']);
  });

  it('prints a readable table with the warnings, and --strict fails on them', async () => {
    listener({ vm: 90, ecs: 10 });
    healthy(VM_TG, 4);
    healthy(ECS_TG, 3);
    ecsService(3);
    const cli = captureIo();
    const code = await preview([PLAN, '--strict'], cli.io, testDeps());
    expect(code).toBe(1);
    expect(cli.stdout()).toMatch(/STEP\s+vm\s+ecs\s+eks\s+BAKE\s+APPROVAL/);
    expect(cli.stdout()).toMatch(/now\s+90\s+10\s+0/);
    expect(cli.stdout()).toContain('drift: router');
  });

  it('warns when an alarm of the plan is in ALARM, which preflight refuses (INSUFFICIENT_DATA does not)', async () => {
    // Prepare
    listener({ vm: 100, ecs: 0 });
    healthy(VM_TG, 4);
    healthy(ECS_TG, 3);
    ecsService(3);
    alarm('ALARM');
    const inAlarm = captureIo();
    // Act
    await preview([PLAN, '--json'], inAlarm.io, testDeps());
    alarm('INSUFFICIENT_DATA');
    const noData = captureIo();
    await preview([PLAN, '--json'], noData.io, testDeps());
    // Assess
    expect(inAlarm.json<PreviewResult>().warnings).toEqual([
      { kind: 'alarms', message: expect.stringContaining('crawler-ecs-cpu-high in ALARM') },
    ]);
    expect(noData.json<PreviewResult>().warnings).toEqual([]);
  });

  it('exits 3 when the router cannot be read', async () => {
    elb
      .on(DescribeListenersCommand)
      .rejects(awsError('AccessDenied', 'not authorized: elasticloadbalancing:DescribeListeners', 403));
    const cli = captureIo();
    expect(await preview([PLAN], cli.io, testDeps())).toBe(3);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
  });
});
