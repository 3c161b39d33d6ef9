import {
  type AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  type DescribeAutoScalingGroupsCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeServicesCommand,
  type DescribeServicesCommandOutput,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import {
  DescribeClusterCommand,
  type DescribeClusterCommandOutput,
  DescribeNodegroupCommand,
  type DescribeNodegroupCommandOutput,
  type EKSClient,
} from '@aws-sdk/client-eks';
import type { Ec2Target, EcsTarget, EksTarget, Target } from '../plan/types.ts';
import type { TargetHealthSource } from '../ports/target-health.ts';
import type { Readiness, TargetPlatform } from '../ports/target-platform.ts';
import { targetGroupNameOf } from './arns.ts';
import { isAwsError, toCutoverError } from './aws-errors.ts';
import type { AwsClients } from './clients.ts';

/**
 * Whether each platform can take traffic. Read-only calls; a resource that does not exist makes the
 * target not ready (with a reason), while AWS failures (access denied, throttling) are thrown.
 */

const readiness = (target: Target, reasons: readonly string[]): Readiness => ({
  target: target.name,
  platform: target.platform,
  ready: reasons.length === 0,
  reasons,
});

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** EC2 instances behind a target group: at least one healthy target, and the ASG at its desired capacity. */
export class Ec2TargetPlatform implements TargetPlatform {
  readonly #target: Ec2Target;
  readonly #health: TargetHealthSource;
  readonly #autoScaling: AutoScalingClient;

  constructor(options: { target: Ec2Target; health: TargetHealthSource; autoScaling: AutoScalingClient }) {
    this.#target = options.target;
    this.#health = options.health;
    this.#autoScaling = options.autoScaling;
  }

  async readiness(): Promise<Readiness> {
    const target = this.#target;
    const [health, groupReasons] = await Promise.all([
      this.#health.health(target.targetGroupArn),
      target.autoScalingGroup ? this.#groupReasons(target.autoScalingGroup) : Promise.resolve([]),
    ]);
    const reasons: string[] = [];
    if (health.healthy === 0) {
      const others = (['unhealthy', 'initial', 'draining', 'unused', 'unavailable'] as const)
        .filter((state) => health[state] > 0)
        .map((state) => `${health[state]} ${state}`);
      reasons.push(
        `ec2 target ${target.name}: no healthy targets in target group ${targetGroupNameOf(target.targetGroupArn)}` +
          ` (${others.length > 0 ? others.join(', ') : 'no targets registered'})` +
          (health.reasons.length > 0 ? `: ${health.reasons.join('; ')}` : ''),
      );
    }
    reasons.push(...groupReasons);
    return readiness(target, reasons);
  }

  async #groupReasons(name: string): Promise<string[]> {
    let output: DescribeAutoScalingGroupsCommandOutput;
    try {
      output = await this.#autoScaling.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
      );
    } catch (err) {
      throw toCutoverError(err, `auto scaling group ${name}`);
    }
    const group = output.AutoScalingGroups?.find((candidate) => candidate.AutoScalingGroupName === name);
    if (!group) return [`ec2 auto scaling group ${name}: not found; check autoScalingGroup in the plan`];
    const inService = (group.Instances ?? []).filter(
      (instance) => instance.LifecycleState === 'InService',
    ).length;
    const desired = group.DesiredCapacity ?? 0;
    if (inService < desired) {
      return [`ec2 auto scaling group ${name}: ${inService} of ${plural(desired, 'instance')} InService`];
    }
    return [];
  }
}

/** An ECS service: ACTIVE, all desired tasks running, primary deployment completed without failed tasks. */
export class EcsTargetPlatform implements TargetPlatform {
  readonly #target: EcsTarget;
  readonly #client: ECSClient;

  constructor(options: { target: EcsTarget; client: ECSClient }) {
    this.#target = options.target;
    this.#client = options.client;
  }

  async readiness(): Promise<Readiness> {
    const { cluster, service } = this.#target;
    const subject = `ecs service ${cluster}/${service}`;
    let output: DescribeServicesCommandOutput;
    try {
      output = await this.#client.send(new DescribeServicesCommand({ cluster, services: [service] }));
    } catch (err) {
      if (isAwsError(err, 'ClusterNotFoundException')) {
        return readiness(this.#target, [
          `${subject}: cluster ${cluster} not found; check cluster in the plan`,
        ]);
      }
      throw toCutoverError(err, subject);
    }
    const found = output.services?.[0];
    if (!found) {
      const failure = output.failures?.[0];
      return readiness(this.#target, [
        `${subject}: not found${failure?.reason ? ` (${failure.reason})` : ''}; check cluster and service in the plan`,
      ]);
    }
    const reasons: string[] = [];
    if (found.status !== 'ACTIVE')
      reasons.push(`${subject}: status ${found.status ?? 'unknown'}, not ACTIVE`);
    const desired = found.desiredCount ?? 0;
    const running = found.runningCount ?? 0;
    if (desired === 0)
      reasons.push(`${subject}: desired count is 0; scale the service up before moving traffic to it`);
    else if (running < desired) reasons.push(`${subject}: ${running} of ${plural(desired, 'task')} running`);
    const deployments = found.deployments ?? [];
    const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
    if (!primary) {
      reasons.push(`${subject}: no PRIMARY deployment`);
    } else {
      const id = primary.id ?? 'primary';
      if (primary.rolloutState !== undefined && primary.rolloutState !== 'COMPLETED') {
        reasons.push(
          `${subject}: deployment ${id} is ${primary.rolloutState}` +
            `${primary.rolloutStateReason ? ` (${primary.rolloutStateReason})` : ''}; wait until it is COMPLETED`,
        );
      } else if (primary.rolloutState === undefined && deployments.length > 1) {
        // No rollout state (external or CodeDeploy controller): steady means a single deployment.
        reasons.push(`${subject}: ${deployments.length} deployments in progress; wait until one remains`);
      }
      if ((primary.failedTasks ?? 0) > 0) {
        reasons.push(`${subject}: deployment ${id} has ${plural(primary.failedTasks ?? 0, 'failed task')}`);
      }
    }
    return readiness(this.#target, reasons);
  }
}

/** An EKS cluster and its nodegroups: each ACTIVE and without health issues. */
export class EksTargetPlatform implements TargetPlatform {
  readonly #target: EksTarget;
  readonly #client: EKSClient;

  constructor(options: { target: EksTarget; client: EKSClient }) {
    this.#target = options.target;
    this.#client = options.client;
  }

  async readiness(): Promise<Readiness> {
    const { cluster, nodegroups } = this.#target;
    const parts = await Promise.all([
      this.#clusterReasons(cluster),
      ...nodegroups.map((ng) => this.#nodegroupReasons(cluster, ng)),
    ]);
    return readiness(this.#target, parts.flat());
  }

  async #clusterReasons(name: string): Promise<string[]> {
    const subject = `eks cluster ${name}`;
    let output: DescribeClusterCommandOutput;
    try {
      output = await this.#client.send(new DescribeClusterCommand({ name }));
    } catch (err) {
      if (isAwsError(err, 'ResourceNotFoundException'))
        return [`${subject}: not found; check cluster in the plan`];
      throw toCutoverError(err, subject);
    }
    const reasons: string[] = [];
    const status = output.cluster?.status;
    if (status !== 'ACTIVE') reasons.push(`${subject}: status ${status ?? 'unknown'}, not ACTIVE`);
    for (const issue of output.cluster?.health?.issues ?? []) {
      reasons.push(`${subject}: health issue ${issue.code ?? 'unknown'}: ${issue.message ?? 'no message'}`);
    }
    return reasons;
  }

  async #nodegroupReasons(cluster: string, nodegroup: string): Promise<string[]> {
    const subject = `eks nodegroup ${cluster}/${nodegroup}`;
    let output: DescribeNodegroupCommandOutput;
    try {
      output = await this.#client.send(
        new DescribeNodegroupCommand({ clusterName: cluster, nodegroupName: nodegroup }),
      );
    } catch (err) {
      if (isAwsError(err, 'ResourceNotFoundException'))
        return [`${subject}: not found; check nodegroups in the plan`];
      throw toCutoverError(err, subject);
    }
    const reasons: string[] = [];
    const status = output.nodegroup?.status;
    if (status !== 'ACTIVE') reasons.push(`${subject}: status ${status ?? 'unknown'}, not ACTIVE`);
    for (const issue of output.nodegroup?.health?.issues ?? []) {
      reasons.push(`${subject}: health issue ${issue.code ?? 'unknown'}: ${issue.message ?? 'no message'}`);
    }
    return reasons;
  }
}

/** The one place that picks a platform implementation for a plan target. */
export function createTargetPlatform(
  target: Target,
  clients: Pick<AwsClients, 'ecs' | 'eks' | 'autoScaling'>,
  health: TargetHealthSource,
): Ec2TargetPlatform | EcsTargetPlatform | EksTargetPlatform {
  switch (target.platform) {
    case 'ec2':
      return new Ec2TargetPlatform({ target, health, autoScaling: clients.autoScaling });
    case 'ecs':
      return new EcsTargetPlatform({ target, client: clients.ecs });
    case 'eks':
      return new EksTargetPlatform({ target, client: clients.eks });
  }
}
