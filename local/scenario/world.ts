import type { ResolvedPlan, Target } from '#plan/types';
import type { SandboxWorld } from '../sandbox/index.ts';
import type { WorldCapacity } from '../sandbox/scaling.ts';
import type { Scenario, ScenarioTarget } from './scenario.ts';

/** An ALB action as the sandbox holds it (only local/sandbox imports the SDK). */
type Action = SandboxWorld['listeners'][number]['defaultActions'][number];

/** The DynamoDB table and event bus a rehearsal's handlers are configured with. */
export const REHEARSAL_TABLE = 'cutover-rehearsal';
export const REHEARSAL_EVENT_BUS = 'default';

/** `…:listener/app/web/<lb-id>/<listener-id>` → `…:loadbalancer/app/web/<lb-id>`. */
export function loadBalancerArnOfListener(listenerArn: string): string {
  return listenerArn.replace(':listener/', ':loadbalancer/').replace(/\/[^/]+$/, '');
}

/**
 * The simulated account a plan runs in: its ALB (the listener, and the rule when the plan routes by
 * rule) forwarding to the plan's target groups with the scenario's initial weights, one healthy
 * platform per target, the plan's alarms, the state table and the event bus.
 */
export function buildWorld(plan: ResolvedPlan, scenario: Scenario): SandboxWorld {
  const { router } = plan;
  const forward: Action = {
    Type: 'forward',
    ForwardConfig: {
      TargetGroups: Object.entries(scenario.initialWeights).map(([name, weight]) => ({
        TargetGroupArn: plan.targets[name]?.targetGroupArn,
        Weight: weight,
      })),
      TargetGroupStickinessConfig: { Enabled: false },
    },
  };
  const notFound: Action = {
    Type: 'fixed-response',
    FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'not found' },
  };
  const targets = Object.values(plan.targets);
  const eksClusters = new Map<string, { name: string; nodegroups: string[]; ready: boolean }>();
  for (const target of targets) {
    if (target.platform !== 'eks') continue;
    const cluster = eksClusters.get(target.cluster) ?? { name: target.cluster, nodegroups: [], ready: true };
    cluster.nodegroups.push(...target.nodegroups.filter((name) => !cluster.nodegroups.includes(name)));
    cluster.ready &&= scenario.targets[target.name]?.ready ?? true;
    eksClusters.set(target.cluster, cluster);
  }
  const world = (name: string) => {
    const found = scenario.targets[name];
    if (found === undefined) throw new Error(`scenario has no world for target ${name}`);
    return found;
  };
  const splitSkew = Object.fromEntries(
    Object.entries(scenario.splitSkew ?? {}).flatMap(([name, skew]) => {
      const target = plan.targets[name];
      return target ? [[target.targetGroupArn, skew]] : [];
    }),
  );
  return {
    ...(scenario.hooks === undefined ? {} : { hooks: scenario.hooks }),
    ...(scenario.splitSkew === undefined ? {} : { splitSkew }),
    seed: scenario.seed,
    region: router.region,
    accountId: router.accountId,
    loadBalancer: {
      arn: loadBalancerArnOfListener(router.listenerArn),
      dimension: router.loadBalancerDimension,
    },
    listeners: [
      { arn: router.listenerArn, defaultActions: router.kind === 'listener' ? [forward] : [notFound] },
    ],
    rules:
      router.kind === 'rule'
        ? [{ arn: router.arn, listenerArn: router.listenerArn, priority: '10', actions: [forward] }]
        : [],
    targetGroups: targets.map((target) => ({
      arn: target.targetGroupArn,
      dimension: target.targetGroupDimension,
      targetType: world(target.name).targetType,
      healthyTargets: world(target.name).healthyTargets,
      registeredTargets: world(target.name).registeredTargets,
      errorPercent: world(target.name).errorPercent,
      p99Ms: world(target.name).p99Ms,
    })),
    healthCheck: scenario.healthCheck,
    traffic: { routerArn: router.arn, requestsPerSecond: scenario.requestsPerSecond },
    metricsDelay: scenario.metricsDelay,
    ecsServices: targets.flatMap((target) =>
      target.platform === 'ecs'
        ? [
            {
              cluster: target.cluster,
              service: target.service,
              desiredCount: world(target.name).healthyTargets,
              ready: world(target.name).ready,
            },
          ]
        : [],
    ),
    eksClusters: [...eksClusters.values()],
    autoScalingGroups: targets.flatMap((target) =>
      target.platform === 'ec2' && target.autoScalingGroup !== undefined
        ? [
            {
              name: target.autoScalingGroup,
              desiredCapacity: world(target.name).healthyTargets,
              ready: world(target.name).ready,
            },
          ]
        : [],
    ),
    alarms: scenario.alarms,
    kubernetes: kubernetesObjects(targets, world),
    capacity: targets.map((target) => capacityOf(target, world(target.name))),
    tables: [REHEARSAL_TABLE],
    eventBuses: [REHEARSAL_EVENT_BUS],
  };
}

/** The workload and TargetGroupBinding of every eks target that names them. */
function kubernetesObjects(targets: readonly Target[], world: (name: string) => ScenarioTarget) {
  const workloads = [];
  const bindings = [];
  for (const target of targets) {
    if (target.platform !== 'eks' || target.kubernetes === undefined) continue;
    const { namespace, kind, name, targetGroupBinding } = target.kubernetes;
    const { replicas, readyReplicas, targetType } = world(target.name);
    workloads.push({
      cluster: target.cluster,
      namespace,
      kind,
      name,
      generation: 1,
      replicas,
      readyReplicas,
      updatedReplicas: replicas,
    });
    if (targetGroupBinding !== undefined) {
      bindings.push({
        cluster: target.cluster,
        namespace,
        name: targetGroupBinding,
        targetGroupArn: target.targetGroupArn,
        targetType,
      });
    }
  }
  return { workloads, bindings };
}

/** How the service behind a target scales, and its capacity per unit when the scenario sets one. */
function capacityOf(target: Target, world: ScenarioTarget): WorldCapacity {
  return {
    targetGroupArn: target.targetGroupArn,
    scaleSeconds: world.scaleSeconds,
    ...(world.capacityPerTarget === undefined ? {} : { requestsPerSecondPerUnit: world.capacityPerTarget }),
    ...(target.platform === 'ecs'
      ? { ecsService: { cluster: target.cluster, service: target.service } }
      : {}),
    ...(target.platform === 'ec2' && target.autoScalingGroup !== undefined
      ? { autoScalingGroup: target.autoScalingGroup }
      : {}),
    ...(target.platform === 'eks' && target.kubernetes !== undefined
      ? {
          workload: {
            cluster: target.cluster,
            namespace: target.kubernetes.namespace,
            name: target.kubernetes.name,
          },
          podsAreTargets: world.targetType === 'ip',
        }
      : {}),
  };
}
