import type {
  AutoScalingGroupNamesType,
  DescribeInstanceRefreshesType,
  SetDesiredCapacityType,
} from '@aws-sdk/client-auto-scaling';
import type { DescribeServicesRequest, UpdateServiceRequest } from '@aws-sdk/client-ecs';
import type { DescribeClusterRequest, DescribeNodegroupRequest } from '@aws-sdk/client-eks';
import { awsError } from './aws-error.ts';
import { clusterEndpoint, SANDBOX_CLUSTER_CA } from './kubernetes.ts';

/** One ECS service. `ready: false` = a deployment still rolling out with a task short. */
export interface SimulatedEcsService {
  readonly cluster: string;
  readonly service: string;
  desiredCount: number;
  ready: boolean;
  /** Tasks running while a scale-up is under way (undefined: as `ready` says). */
  running?: number;
  /** Tasks that failed to start (a scale-up that cannot be placed). */
  failedTasks?: number;
  /** A new deployment is rolling out next to the old one (tasks all running). */
  rolloutInProgress?: boolean;
  /** Called when UpdateService changes the desired count (scale ahead). */
  onDesiredCount?: (count: number) => void;
}

export interface SimulatedEksCluster {
  readonly name: string;
  readonly nodegroups: string[];
  ready: boolean;
}

export interface SimulatedAutoScalingGroup {
  readonly name: string;
  desiredCapacity: number;
  ready: boolean;
  /** Instances InService while a scale-up is under way (undefined: as `ready` says). */
  inService?: number;
  /** An instance refresh is replacing instances. */
  refreshInProgress?: boolean;
  onDesiredCapacity?: (count: number) => void;
}

/**
 * The platforms behind the targets, as their control planes describe them: ECS services, EKS
 * clusters and nodegroups, Auto Scaling groups. A platform that is not `ready` answers the way AWS
 * does while something is wrong (a rollout in progress, a degraded nodegroup, instances pending).
 */
export class PlatformSimulation {
  readonly ecsServices: SimulatedEcsService[] = [];
  readonly eksClusters: SimulatedEksCluster[] = [];
  readonly autoScalingGroups: SimulatedAutoScalingGroup[] = [];
  readonly #region: string;
  readonly #accountId: string;
  readonly #now: () => number;

  constructor(opts: { readonly region: string; readonly accountId: string; readonly now: () => number }) {
    this.#region = opts.region;
    this.#accountId = opts.accountId;
    this.#now = opts.now;
  }

  describeServices(input: DescribeServicesRequest) {
    const clusterName = nameOf(input.cluster ?? 'default');
    const clusterArn = `arn:aws:ecs:${this.#region}:${this.#accountId}:cluster/${clusterName}`;
    const services = [];
    const failures = [];
    for (const wanted of input.services ?? []) {
      const serviceName = nameOf(wanted);
      const serviceArn = `arn:aws:ecs:${this.#region}:${this.#accountId}:service/${clusterName}/${serviceName}`;
      const found = this.ecsServices.find((s) => s.cluster === clusterName && s.service === serviceName);
      if (found === undefined) {
        failures.push({ arn: serviceArn, reason: 'MISSING' });
        continue;
      }
      const running =
        found.running ?? (found.ready ? found.desiredCount : Math.max(0, found.desiredCount - 1));
      const failedTasks = found.failedTasks ?? (found.ready ? 0 : 1);
      const rolling = found.rolloutInProgress === true || !found.ready;
      services.push({
        serviceArn,
        serviceName,
        clusterArn,
        status: 'ACTIVE',
        desiredCount: found.desiredCount,
        runningCount: running,
        pendingCount: found.desiredCount - running,
        launchType: 'FARGATE',
        deployments: [
          {
            id: `ecs-svc/${serviceName}-1`,
            status: 'PRIMARY',
            rolloutState: rolling ? 'IN_PROGRESS' : 'COMPLETED',
            rolloutStateReason: rolling ? 'ECS deployment in progress.' : 'ECS deployment completed.',
            desiredCount: found.desiredCount,
            runningCount: running,
            pendingCount: found.desiredCount - running,
            failedTasks,
            createdAt: new Date(this.#now() - 86_400_000),
            updatedAt: new Date(this.#now() - 3_600_000),
          },
          ...(found.rolloutInProgress
            ? [
                {
                  id: `ecs-svc/${serviceName}-0`,
                  status: 'ACTIVE',
                  rolloutState: 'COMPLETED' as const,
                  desiredCount: 0,
                  runningCount: found.desiredCount,
                  pendingCount: 0,
                  failedTasks: 0,
                  createdAt: new Date(this.#now() - 2 * 86_400_000),
                  updatedAt: new Date(this.#now() - 60_000),
                },
              ]
            : []),
        ],
      });
    }
    return { services, failures };
  }

  describeCluster(input: DescribeClusterRequest) {
    const cluster = this.#eksCluster(input.name);
    return {
      cluster: {
        name: cluster.name,
        arn: `arn:aws:eks:${this.#region}:${this.#accountId}:cluster/${cluster.name}`,
        status: 'ACTIVE',
        version: '1.33',
        endpoint: clusterEndpoint(cluster.name, this.#region),
        certificateAuthority: { data: SANDBOX_CLUSTER_CA },
        health: { issues: [] },
      },
    };
  }

  describeNodegroup(input: DescribeNodegroupRequest) {
    const cluster = this.#eksCluster(input.clusterName);
    const name = input.nodegroupName ?? '';
    if (!cluster.nodegroups.includes(name)) {
      throw awsError('ResourceNotFoundException', `No node group found for name: ${name}.`, {
        nodegroupName: name,
      });
    }
    return {
      nodegroup: {
        nodegroupName: name,
        clusterName: cluster.name,
        nodegroupArn: `arn:aws:eks:${this.#region}:${this.#accountId}:nodegroup/${cluster.name}/${name}/sandbox`,
        status: cluster.ready ? 'ACTIVE' : 'DEGRADED',
        scalingConfig: { minSize: 2, maxSize: 6, desiredSize: 3 },
        health: {
          issues: cluster.ready
            ? []
            : [
                {
                  code: 'AsgInstanceLaunchFailures',
                  message: 'Instance launch failed in the sandbox',
                  resourceIds: [],
                },
              ],
        },
      },
    };
  }

  describeAutoScalingGroups(input: AutoScalingGroupNamesType) {
    const names = input.AutoScalingGroupNames;
    const groups = this.autoScalingGroups.filter(
      (group) => names === undefined || names.includes(group.name),
    );
    return {
      AutoScalingGroups: groups.map((group) => {
        const inService =
          group.inService ?? (group.ready ? group.desiredCapacity : Math.max(0, group.desiredCapacity - 1));
        return {
          AutoScalingGroupName: group.name,
          AutoScalingGroupARN: `arn:aws:autoscaling:${this.#region}:${this.#accountId}:autoScalingGroup:sandbox:autoScalingGroupName/${group.name}`,
          MinSize: 0,
          MaxSize: Math.max(group.desiredCapacity * 2, 20),
          DesiredCapacity: group.desiredCapacity,
          DefaultCooldown: 300,
          AvailabilityZones: [`${this.#region}a`, `${this.#region}c`],
          HealthCheckType: 'ELB',
          CreatedTime: new Date(this.#now() - 86_400_000),
          Instances: Array.from({ length: group.desiredCapacity }, (_, index) => ({
            InstanceId: `i-0${group.name.length.toString(16)}${index.toString(16).padStart(15, '0')}`,
            AvailabilityZone: `${this.#region}${index % 2 === 0 ? 'a' : 'c'}`,
            LifecycleState: index < inService ? 'InService' : 'Pending',
            HealthStatus: 'Healthy',
            ProtectedFromScaleIn: false,
          })),
        };
      }),
    };
  }

  updateService(input: UpdateServiceRequest) {
    const cluster = nameOf(input.cluster ?? 'default');
    const serviceName = nameOf(input.service ?? '');
    const found = this.ecsServices.find((s) => s.cluster === cluster && s.service === serviceName);
    if (found === undefined) throw awsError('ServiceNotFoundException', 'Service not found.');
    if (input.desiredCount !== undefined && input.desiredCount !== found.desiredCount) {
      found.running ??= found.ready ? found.desiredCount : Math.max(0, found.desiredCount - 1);
      found.desiredCount = input.desiredCount;
      found.onDesiredCount?.(input.desiredCount);
    }
    return { service: { serviceName, desiredCount: found.desiredCount, status: 'ACTIVE' } };
  }

  setDesiredCapacity(input: SetDesiredCapacityType) {
    const group = this.autoScalingGroups.find((g) => g.name === input.AutoScalingGroupName);
    if (group === undefined) throw awsError('ValidationError', 'AutoScalingGroup name not found');
    const desired = input.DesiredCapacity ?? group.desiredCapacity;
    if (desired > Math.max(group.desiredCapacity * 2, 20)) {
      throw awsError('ValidationError', `New SetDesiredCapacity value ${desired} is above max value.`);
    }
    if (desired !== group.desiredCapacity) {
      group.inService ??= group.ready ? group.desiredCapacity : Math.max(0, group.desiredCapacity - 1);
      group.desiredCapacity = desired;
      group.onDesiredCapacity?.(desired);
    }
    return {};
  }

  describeInstanceRefreshes(input: DescribeInstanceRefreshesType) {
    const group = this.autoScalingGroups.find((g) => g.name === input.AutoScalingGroupName);
    if (group?.refreshInProgress !== true) return { InstanceRefreshes: [] };
    return {
      InstanceRefreshes: [
        {
          InstanceRefreshId: 'sandbox-refresh-1',
          AutoScalingGroupName: group.name,
          Status: 'InProgress',
          PercentageComplete: 50,
          StartTime: new Date(this.#now() - 300_000),
        },
      ],
    };
  }

  #eksCluster(name: string | undefined): SimulatedEksCluster {
    const cluster = this.eksClusters.find((c) => c.name === name);
    if (cluster === undefined)
      throw awsError('ResourceNotFoundException', `No cluster found for name: ${name}.`);
    return cluster;
  }
}

/** ECS accepts a name or an ARN for clusters and services. */
function nameOf(nameOrArn: string): string {
  return nameOrArn.includes(':') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn;
}
