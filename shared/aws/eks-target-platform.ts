import {
  DescribeClusterCommand,
  type DescribeClusterCommandOutput,
  DescribeNodegroupCommand,
  type DescribeNodegroupCommandOutput,
  type EKSClient,
} from '@aws-sdk/client-eks';
import {
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ConfigurationError } from '#core/errors';
import { bindingReasons, workloadReasons, workloadSubject } from '#core/kubernetes-readiness';
import type { EksTarget } from '#plan/types';
import type { KubernetesWorkloads } from '#ports/kubernetes-workloads';
import type { TargetHealthSource } from '#ports/target-health';
import type { Capacity, Readiness, ScaleResult, TargetPlatform, TargetType } from '#ports/target-platform';
import { isAwsError, toCutoverError } from './aws-errors.ts';

/**
 * An EKS target: the cluster ACTIVE, the listed nodegroups ACTIVE, and — when the plan names the
 * workload — its rollout complete, its replicas ready and its TargetGroupBinding pointing at this
 * target group and reconciled. The target group's type decides what serves traffic: for `instance`
 * targets (NodePort) the nodes pass health checks while any pod answers, so the pods are checked
 * on their own; for `ip` targets the registered targets are the pods themselves.
 */
export class EksTargetPlatform implements TargetPlatform {
  readonly #target: EksTarget;
  readonly #client: EKSClient;
  readonly #elbv2: ElasticLoadBalancingV2Client | undefined;
  readonly #kubernetes: KubernetesWorkloads | undefined;
  readonly #health: TargetHealthSource | undefined;

  constructor(options: {
    target: EksTarget;
    client: EKSClient;
    elbv2?: ElasticLoadBalancingV2Client;
    kubernetes?: KubernetesWorkloads;
    health?: TargetHealthSource;
  }) {
    this.#target = options.target;
    this.#client = options.client;
    this.#elbv2 = options.elbv2;
    this.#kubernetes = options.kubernetes;
    this.#health = options.health;
  }

  async readiness(): Promise<Readiness> {
    const { cluster, nodegroups } = this.#target;
    const targetType = await this.#targetType();
    const parts = await Promise.all([
      this.#clusterReasons(cluster),
      ...nodegroups.map((ng) => this.#nodegroupReasons(cluster, ng)),
    ]);
    const reasons = parts.flat();
    // Only an ACTIVE cluster answers its API; its failure reasons already say why.
    if (reasons.length === 0) reasons.push(...(await this.#kubernetesReasons(targetType)));
    return {
      target: this.#target.name,
      platform: 'eks',
      ready: reasons.length === 0,
      reasons,
      ...(targetType === undefined ? {} : { targetType }),
    };
  }

  async capacity(): Promise<Capacity> {
    const workload = this.#target.kubernetes;
    if (workload !== undefined && this.#kubernetes !== undefined && (await this.#targetType()) !== 'ip') {
      const status = await this.#kubernetes.workload(workload);
      return { units: status?.readyReplicas ?? 0, unit: 'pods' };
    }
    if (this.#health === undefined) throw new Error(`eks target ${this.#target.name}: no health source`);
    const health = await this.#health.health(this.#target.targetGroupArn);
    return { units: health.healthy, unit: (await this.#targetType()) === 'ip' ? 'pods' : 'nodes' };
  }

  async scaleTo(units: number): Promise<ScaleResult> {
    const workload = this.#target.kubernetes;
    if (workload === undefined || this.#kubernetes === undefined) {
      throw new ConfigurationError(
        `eks target ${this.#target.name}: scale ahead needs targets.${this.#target.name}.kubernetes (the workload to scale)`,
      );
    }
    const status = await this.#kubernetes.workload(workload);
    const subject = workloadSubject(workload);
    if (status === undefined) throw new ConfigurationError(`${subject}: not found; cannot scale ahead`);
    const from = status.desiredReplicas;
    if (units > from) await this.#kubernetes.scale(workload, units);
    return { subject, from, to: Math.max(from, units) };
  }

  async #kubernetesReasons(targetType: TargetType | undefined): Promise<string[]> {
    const workload = this.#target.kubernetes;
    if (workload === undefined || this.#kubernetes === undefined) return [];
    const [status, binding] = await Promise.all([
      this.#kubernetes.workload(workload),
      workload.targetGroupBinding === undefined
        ? Promise.resolve(undefined)
        : this.#kubernetes.targetGroupBinding(workload.namespace, workload.targetGroupBinding),
    ]);
    const reasons = workloadReasons(workload, status).map(
      (reason) => `eks target ${this.#target.name}: ${reason}`,
    );
    if (workload.targetGroupBinding !== undefined) {
      reasons.push(
        ...bindingReasons(workload.namespace, workload.targetGroupBinding, binding, {
          targetGroupArn: this.#target.targetGroupArn,
          targetType,
        }).map((reason) => `eks target ${this.#target.name}: ${reason}`),
      );
    }
    return reasons;
  }

  #type: Promise<TargetType | undefined> | undefined;

  /** DescribeTargetGroups' TargetType; unknown (undefined) when no ELB client was wired. */
  #targetType(): Promise<TargetType | undefined> {
    this.#type ??= this.#readTargetType();
    return this.#type;
  }

  async #readTargetType(): Promise<TargetType | undefined> {
    if (this.#elbv2 === undefined) return undefined;
    const arn = this.#target.targetGroupArn;
    try {
      const output = await this.#elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }));
      // An empty answer leaves the type unknown: readiness then checks both the nodes and the pods.
      const type = output?.TargetGroups?.[0]?.TargetType;
      return type === 'instance' || type === 'ip' ? type : undefined;
    } catch (err) {
      throw toCutoverError(err, `target group ${arn}`);
    }
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
