import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  SetDesiredCapacityCommand,
} from '@aws-sdk/client-auto-scaling';
import { ClusterNotFoundException, DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createTargetPlatform,
  Ec2TargetPlatform,
  EcsTargetPlatform,
  EksTargetPlatform,
} from '#aws/target-platforms';
import { AwsRejectedError, AwsTransientError } from '#core/errors';
import type { Ec2Target, EcsTarget, EksTarget } from '#plan/types';
import type { TargetHealthCounts, TargetHealthSource } from '#ports/target-health';
import { accessDenied, REGION, TG_ECS, TG_EKS, TG_VM, testCredentials, throttling } from './kit.ts';

const ecsMock = mockClient(ECSClient);
const eksMock = mockClient(EKSClient);
const asgMock = mockClient(AutoScalingClient);
const clients = {
  ecs: new ECSClient({ region: REGION, credentials: testCredentials }),
  eks: new EKSClient({ region: REGION, credentials: testCredentials }),
  autoScaling: new AutoScalingClient({ region: REGION, credentials: testCredentials }),
};

const vm: Ec2Target = {
  name: 'vm',
  platform: 'ec2',
  targetGroupArn: TG_VM,
  targetGroupDimension: 'targetgroup/crawler-vm/73e2d6bc24d8a067',
  autoScalingGroup: 'crawler',
};
const ecs: EcsTarget = {
  name: 'ecs',
  platform: 'ecs',
  targetGroupArn: TG_ECS,
  targetGroupDimension: 'targetgroup/crawler-ecs/0123456789abcdef',
  cluster: 'main',
  service: 'crawler',
};
const eks: EksTarget = {
  name: 'eks',
  platform: 'eks',
  targetGroupArn: TG_EKS,
  targetGroupDimension: 'targetgroup/crawler-eks/fedcba9876543210',
  cluster: 'main',
  nodegroups: ['general', 'spot'],
};

const counts = (partial: Partial<TargetHealthCounts>): TargetHealthCounts => ({
  targetGroupArn: TG_VM,
  healthy: 0,
  unhealthy: 0,
  initial: 0,
  draining: 0,
  unused: 0,
  unavailable: 0,
  reasons: [],
  ...partial,
});
const healthOf = (value: TargetHealthCounts): TargetHealthSource => ({ health: async () => value });

beforeEach(() => {
  ecsMock.reset();
  eksMock.reset();
  asgMock.reset();
  asgMock.on(DescribeInstanceRefreshesCommand).resolves({ InstanceRefreshes: [] });
});

describe('createTargetPlatform', () => {
  it('picks one implementation per platform', () => {
    const health = healthOf(counts({ healthy: 1 }));
    expect(createTargetPlatform(vm, clients, health)).toBeInstanceOf(Ec2TargetPlatform);
    expect(createTargetPlatform(ecs, clients, health)).toBeInstanceOf(EcsTargetPlatform);
    expect(createTargetPlatform(eks, clients, health)).toBeInstanceOf(EksTargetPlatform);
  });
});

describe('Ec2TargetPlatform', () => {
  const group = (desired: number, states: string[]) => ({
    AutoScalingGroups: [
      {
        AutoScalingGroupName: 'crawler',
        DesiredCapacity: desired,
        MinSize: 0,
        MaxSize: 10,
        DefaultCooldown: 300,
        AvailabilityZones: ['ap-northeast-1a'],
        HealthCheckType: 'ELB',
        CreatedTime: new Date(0),
        Instances: states.map((LifecycleState, i) => ({
          InstanceId: `i-${i}`,
          LifecycleState: LifecycleState as 'InService',
          HealthStatus: 'Healthy',
          ProtectedFromScaleIn: false,
          AvailabilityZone: 'ap-northeast-1a',
        })),
      },
    ],
  });

  it('is ready with healthy targets and the group at desired capacity', async () => {
    // Prepare
    asgMock
      .on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ['crawler'] })
      .resolves(group(2, ['InService', 'InService']));
    // Act
    const result = await createTargetPlatform(vm, clients, healthOf(counts({ healthy: 2 }))).readiness();
    // Assess
    expect(result).toEqual({ target: 'vm', platform: 'ec2', ready: true, reasons: [] });
  });

  it('says how many instances are InService when below desired', async () => {
    asgMock.on(DescribeAutoScalingGroupsCommand).resolves(group(3, ['InService', 'Pending', 'InService']));
    const result = await createTargetPlatform(vm, clients, healthOf(counts({ healthy: 2 }))).readiness();
    expect(result).toMatchObject({
      ready: false,
      reasons: ['ec2 auto scaling group crawler: 2 of 3 instances InService'],
    });
  });

  it('is not ready while an instance refresh replaces instances', async () => {
    asgMock.on(DescribeAutoScalingGroupsCommand).resolves(group(2, ['InService', 'InService']));
    asgMock.on(DescribeInstanceRefreshesCommand, { AutoScalingGroupName: 'crawler' }).resolves({
      InstanceRefreshes: [
        { InstanceRefreshId: 'r-1', Status: 'InProgress', PercentageComplete: 40 },
        { InstanceRefreshId: 'r-0', Status: 'Successful' },
      ],
    });
    const result = await createTargetPlatform(vm, clients, healthOf(counts({ healthy: 2 }))).readiness();
    expect(result.reasons).toEqual([
      'ec2 auto scaling group crawler: instance refresh r-1 is InProgress (40% complete); wait until it finishes',
    ]);
  });

  it('is ready once the last instance refresh finished', async () => {
    asgMock.on(DescribeAutoScalingGroupsCommand).resolves(group(2, ['InService', 'InService']));
    asgMock
      .on(DescribeInstanceRefreshesCommand)
      .resolves({ InstanceRefreshes: [{ InstanceRefreshId: 'r-0', Status: 'Successful' }] });
    const result = await createTargetPlatform(vm, clients, healthOf(counts({ healthy: 2 }))).readiness();
    expect(result.ready).toBe(true);
  });

  it('is not ready while lifecycle hooks hold instances', async () => {
    asgMock
      .on(DescribeAutoScalingGroupsCommand)
      .resolves(group(2, ['InService', 'InService', 'Terminating:Wait', 'Pending:Wait']));
    const result = await createTargetPlatform(vm, clients, healthOf(counts({ healthy: 2 }))).readiness();
    expect(result.reasons).toEqual([
      'ec2 auto scaling group crawler: 2 instances held by a lifecycle hook (Terminating:Wait, Pending:Wait); wait until the hooks complete',
    ]);
  });

  it('scales ahead up to what the step needs, never down and never past MaxSize', async () => {
    asgMock.on(DescribeAutoScalingGroupsCommand).resolves(group(2, ['InService', 'InService']));
    asgMock.on(SetDesiredCapacityCommand).resolves({});
    const platform = createTargetPlatform(vm, clients, healthOf(counts({ healthy: 2 })));
    await expect(platform.scaleTo(5)).resolves.toMatchObject({ from: 2, to: 5 });
    expect(asgMock).toHaveReceivedCommandWith(SetDesiredCapacityCommand, {
      AutoScalingGroupName: 'crawler',
      DesiredCapacity: 5,
    });
    asgMock.resetHistory();
    await expect(platform.scaleTo(1)).resolves.toMatchObject({ from: 2, to: 2 });
    expect(asgMock).not.toHaveReceivedCommand(SetDesiredCapacityCommand);
    await expect(platform.scaleTo(11)).rejects.toThrow('MaxSize is 10');
  });

  it('is not ready without healthy targets, naming the states and reasons', async () => {
    // Prepare
    const health = healthOf(
      counts({ unhealthy: 2, initial: 1, reasons: ['Target.FailedHealthChecks: Health checks failed'] }),
    );
    // Act
    const result = await createTargetPlatform(
      { ...vm, autoScalingGroup: undefined } as Ec2Target,
      clients,
      health,
    ).readiness();
    // Assess
    expect(result.reasons).toEqual([
      'ec2 target vm: no healthy targets in target group crawler-vm (2 unhealthy, 1 initial): Target.FailedHealthChecks: Health checks failed',
    ]);
    expect(asgMock).toHaveReceivedCommandTimes(DescribeAutoScalingGroupsCommand, 0);
  });

  it('is not ready when the auto scaling group does not exist', async () => {
    asgMock.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    const result = await createTargetPlatform(vm, clients, healthOf(counts({ healthy: 1 }))).readiness();
    expect(result.reasons).toEqual([
      'ec2 auto scaling group crawler: not found; check autoScalingGroup in the plan',
    ]);
  });

  it('surfaces AccessDenied from Auto Scaling', async () => {
    asgMock.on(DescribeAutoScalingGroupsCommand).rejects(accessDenied());
    const result = createTargetPlatform(vm, clients, healthOf(counts({ healthy: 1 }))).readiness();
    await expect(result).rejects.toBeInstanceOf(AwsRejectedError);
  });
});

describe('EcsTargetPlatform', () => {
  const service = (overrides: Record<string, unknown> = {}, deployment: Record<string, unknown> = {}) => ({
    services: [
      {
        serviceName: 'crawler',
        status: 'ACTIVE',
        desiredCount: 3,
        runningCount: 3,
        deployments: [
          {
            id: 'ecs-svc/1',
            status: 'PRIMARY',
            rolloutState: 'COMPLETED' as const,
            failedTasks: 0,
            ...deployment,
          },
        ],
        ...overrides,
      },
    ],
    failures: [],
  });

  it('is ready when ACTIVE, all tasks run and the primary deployment completed', async () => {
    // Prepare
    ecsMock.on(DescribeServicesCommand, { cluster: 'main', services: ['crawler'] }).resolves(service());
    // Act
    const result = await createTargetPlatform(ecs, clients, healthOf(counts({}))).readiness();
    // Assess
    expect(result).toEqual({ target: 'ecs', platform: 'ecs', ready: true, reasons: [] });
  });

  it.each([
    ['fewer tasks running', service({ runningCount: 2 }), 'ecs service main/crawler: 2 of 3 tasks running'],
    [
      'a draining service',
      service({ status: 'DRAINING' }),
      'ecs service main/crawler: status DRAINING, not ACTIVE',
    ],
    [
      'no desired tasks',
      service({ desiredCount: 0, runningCount: 0 }),
      'ecs service main/crawler: desired count is 0; scale the service up before moving traffic to it',
    ],
    [
      'a rollout in progress',
      service(
        {},
        { rolloutState: 'IN_PROGRESS', rolloutStateReason: 'ECS deployment ecs-svc/1 in progress.' },
      ),
      'ecs service main/crawler: deployment ecs-svc/1 is IN_PROGRESS (ECS deployment ecs-svc/1 in progress.); wait until it is COMPLETED',
    ],
    [
      'failed tasks in the primary deployment',
      service({}, { failedTasks: 2 }),
      'ecs service main/crawler: deployment ecs-svc/1 has 2 failed tasks',
    ],
    [
      'two deployments without rollout state',
      service({
        deployments: [
          { id: 'a', status: 'PRIMARY' },
          { id: 'b', status: 'ACTIVE' },
        ],
      }),
      'ecs service main/crawler: 2 deployments in progress; wait until one remains',
    ],
  ])('is not ready with %s', async (_case, output, reason) => {
    ecsMock.on(DescribeServicesCommand).resolves(output as never);
    const result = await createTargetPlatform(ecs, clients, healthOf(counts({}))).readiness();
    expect(result).toMatchObject({ ready: false, reasons: [reason] });
  });

  it('is not ready while an older deployment still drains next to a COMPLETED primary', async () => {
    const both = service();
    const first = both.services[0];
    if (first === undefined) throw new Error('fixture');
    first.deployments.push({ id: 'ecs-svc/0', status: 'ACTIVE', rolloutState: 'COMPLETED', failedTasks: 0 });
    ecsMock.on(DescribeServicesCommand).resolves(both);
    const result = await createTargetPlatform(ecs, clients, healthOf(counts({}))).readiness();
    expect(result.reasons).toEqual([
      'ecs service main/crawler: 2 deployments in progress; wait until one remains',
    ]);
  });

  it('is not ready when the service is missing', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [], failures: [{ arn: 'x', reason: 'MISSING' }] });
    const result = await createTargetPlatform(ecs, clients, healthOf(counts({}))).readiness();
    expect(result.reasons).toEqual([
      'ecs service main/crawler: not found (MISSING); check cluster and service in the plan',
    ]);
  });

  it('is not ready when the cluster is missing', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .rejects(new ClusterNotFoundException({ $metadata: {}, message: 'Cluster not found.' }));
    const result = await createTargetPlatform(ecs, clients, healthOf(counts({}))).readiness();
    expect(result.reasons).toEqual([
      'ecs service main/crawler: cluster main not found; check cluster in the plan',
    ]);
  });

  it('surfaces throttling', async () => {
    ecsMock.on(DescribeServicesCommand).rejects(throttling());
    await expect(createTargetPlatform(ecs, clients, healthOf(counts({}))).readiness()).rejects.toBeInstanceOf(
      AwsTransientError,
    );
  });
});

describe('EksTargetPlatform', () => {
  it('is ready when the cluster and every nodegroup are ACTIVE without issues', async () => {
    // Prepare
    eksMock
      .on(DescribeClusterCommand, { name: 'main' })
      .resolves({ cluster: { name: 'main', status: 'ACTIVE', health: { issues: [] } } });
    eksMock
      .on(DescribeNodegroupCommand)
      .resolves({ nodegroup: { status: 'ACTIVE', health: { issues: [] } } });
    // Act
    const result = await createTargetPlatform(eks, clients, healthOf(counts({}))).readiness();
    // Assess
    expect(result).toEqual({ target: 'eks', platform: 'eks', ready: true, reasons: [] });
    expect(eksMock).toHaveReceivedCommandWith(DescribeNodegroupCommand, {
      clusterName: 'main',
      nodegroupName: 'general',
    });
    expect(eksMock).toHaveReceivedCommandWith(DescribeNodegroupCommand, {
      clusterName: 'main',
      nodegroupName: 'spot',
    });
  });

  it('lists cluster and nodegroup problems as sentences', async () => {
    // Prepare
    eksMock.on(DescribeClusterCommand).resolves({
      cluster: {
        status: 'UPDATING',
        health: { issues: [{ code: 'Ec2SubnetNotFound', message: 'subnet-1 not found' }] },
      },
    });
    eksMock.on(DescribeNodegroupCommand, { nodegroupName: 'general' }).resolves({
      nodegroup: {
        status: 'DEGRADED',
        health: {
          issues: [{ code: 'AsgInstanceLaunchFailures', message: 'Could not launch On-Demand Instances' }],
        },
      },
    });
    eksMock
      .on(DescribeNodegroupCommand, { nodegroupName: 'spot' })
      .rejects(new ResourceNotFoundException({ $metadata: {}, message: 'No node group found' }));
    // Act
    const result = await createTargetPlatform(eks, clients, healthOf(counts({}))).readiness();
    // Assess
    expect(result.ready).toBe(false);
    expect(result.reasons).toEqual([
      'eks cluster main: status UPDATING, not ACTIVE',
      'eks cluster main: health issue Ec2SubnetNotFound: subnet-1 not found',
      'eks nodegroup main/general: status DEGRADED, not ACTIVE',
      'eks nodegroup main/general: health issue AsgInstanceLaunchFailures: Could not launch On-Demand Instances',
      'eks nodegroup main/spot: not found; check nodegroups in the plan',
    ]);
  });

  it('is not ready when the cluster is missing', async () => {
    eksMock
      .on(DescribeClusterCommand)
      .rejects(new ResourceNotFoundException({ $metadata: {}, message: 'No cluster found for name: main.' }));
    eksMock.on(DescribeNodegroupCommand).resolves({ nodegroup: { status: 'ACTIVE' } });
    const result = await createTargetPlatform(eks, clients, healthOf(counts({}))).readiness();
    expect(result.reasons).toEqual(['eks cluster main: not found; check cluster in the plan']);
  });

  it('surfaces AccessDenied', async () => {
    eksMock.on(DescribeClusterCommand).rejects(accessDenied());
    eksMock.on(DescribeNodegroupCommand).resolves({ nodegroup: { status: 'ACTIVE' } });
    await expect(createTargetPlatform(eks, clients, healthOf(counts({}))).readiness()).rejects.toBeInstanceOf(
      AwsRejectedError,
    );
  });
});
