import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import {
  DescribeServicesCommand,
  type DescribeServicesCommandOutput,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { ConfigurationError } from '#core/errors';
import type { Ec2Target, EcsTarget, Target } from '#plan/types';
import type { KubernetesWorkloads } from '#ports/kubernetes-workloads';
import type { TargetHealthSource } from '#ports/target-health';
import type { Capacity, Readiness, ScaleResult, TargetPlatform } from '#ports/target-platform';
import { targetGroupNameOf } from './arns.ts';
import { autoScalingGroupReasons, scaleAutoScalingGroup } from './auto-scaling-readiness.ts';
import { isAwsError, toCutoverError } from './aws-errors.ts';
import type { AwsClients } from './clients.ts';
import { scaleEcsService } from './ecs-scale.ts';
import { EksTargetPlatform } from './eks-target-platform.ts';

export { EksTargetPlatform } from './eks-target-platform.ts';

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

  #groupReasons(name: string): Promise<string[]> {
    return autoScalingGroupReasons(this.#autoScaling, name);
  }

  async capacity(): Promise<Capacity> {
    return { units: (await this.#health.health(this.#target.targetGroupArn)).healthy, unit: 'instances' };
  }

  async scaleTo(units: number): Promise<ScaleResult> {
    const group = this.#target.autoScalingGroup;
    if (group === undefined) {
      throw new ConfigurationError(
        `ec2 target ${this.#target.name}: scale ahead needs targets.${this.#target.name}.autoScalingGroup`,
      );
    }
    return scaleAutoScalingGroup(this.#autoScaling, group, units);
  }
}

/** An ECS service: ACTIVE, all desired tasks running, primary deployment completed without failed tasks. */
export class EcsTargetPlatform implements TargetPlatform {
  readonly #target: EcsTarget;
  readonly #client: ECSClient;
  readonly #health: TargetHealthSource | undefined;

  constructor(options: { target: EcsTarget; client: ECSClient; health?: TargetHealthSource }) {
    this.#target = options.target;
    this.#client = options.client;
    this.#health = options.health;
  }

  async capacity(): Promise<Capacity> {
    if (this.#health === undefined) throw new Error(`ecs target ${this.#target.name}: no health source`);
    return { units: (await this.#health.health(this.#target.targetGroupArn)).healthy, unit: 'tasks' };
  }

  scaleTo(units: number): Promise<ScaleResult> {
    return scaleEcsService(this.#client, this.#target.cluster, this.#target.service, units);
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
      } else if (deployments.length > 1) {
        // A COMPLETED primary can still sit next to an older deployment whose tasks drain; without a
        // rollout state (external or CodeDeploy controller) a single deployment is the only steady sign.
        reasons.push(`${subject}: ${deployments.length} deployments in progress; wait until one remains`);
      }
      if ((primary.failedTasks ?? 0) > 0) {
        reasons.push(`${subject}: deployment ${id} has ${plural(primary.failedTasks ?? 0, 'failed task')}`);
      }
    }
    return readiness(this.#target, reasons);
  }
}

/** The clients readiness reads; `elbv2` (target type) and `kubernetesFor` (workloads) where wired. */
export type TargetPlatformClients = Pick<AwsClients, 'ecs' | 'eks' | 'autoScaling'> &
  Partial<Pick<AwsClients, 'elbv2'>> & {
    readonly kubernetesFor?: (cluster: string) => KubernetesWorkloads;
  };

/** The one place that picks a platform implementation for a plan target. */
export function createTargetPlatform(
  target: Target,
  clients: TargetPlatformClients,
  health: TargetHealthSource,
): Ec2TargetPlatform | EcsTargetPlatform | EksTargetPlatform {
  switch (target.platform) {
    case 'ec2':
      return new Ec2TargetPlatform({ target, health, autoScaling: clients.autoScaling });
    case 'ecs':
      return new EcsTargetPlatform({ target, client: clients.ecs, health });
    case 'eks':
      return new EksTargetPlatform({
        target,
        client: clients.eks,
        health,
        ...(clients.elbv2 === undefined ? {} : { elbv2: clients.elbv2 }),
        ...(target.kubernetes === undefined || clients.kubernetesFor === undefined
          ? {}
          : { kubernetes: clients.kubernetesFor(target.cluster) }),
      });
  }
}
