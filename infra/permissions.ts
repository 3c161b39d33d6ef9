import * as iam from 'aws-cdk-lib/aws-iam';
import type { FunctionSpec, ReadAccess } from './function-catalog.ts';
import type { RouterScope } from './router-arns.ts';
import { testRouteStatements } from './test-route-permissions.ts';

/**
 * Least-privilege statements per function (REFERENCE security checklist 1–3). Every action is
 * spelled out — no `*` actions. Statements whose resource must be `*` (APIs without resource-level
 * permissions) are kept apart from the scoped ones, so a reviewer sees them at a glance and the
 * cdk-nag acknowledgement names exactly those.
 */

/** ELBv2 reads: no resource-level permissions exist for Describe*, hence `*`, read-only. */
export const ELB_READ_ACTIONS = [
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
  'elasticloadbalancing:DescribeLoadBalancers',
] as const;

/** Reads whose APIs need `*` as the resource, by access kind. */
const UNSCOPED_READS: Partial<Record<ReadAccess, readonly string[]>> = {
  router: ELB_READ_ACTIONS,
  metrics: ['cloudwatch:GetMetricData'],
  alarms: ['cloudwatch:DescribeAlarms'],
  platforms: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeInstanceRefreshes'],
};

export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
] as const;

export interface FunctionPolicyContext {
  readonly routers: RouterScope;
  readonly tableArn: string;
  readonly eventBusArn: string;
  /** `arn:…:execution:<state machine name>:*` — only for the safety net. */
  readonly executionArnPattern: string;
  /** EKS cluster names readiness may describe; absent: any cluster in the routers' accounts and regions. */
  readonly eksClusters?: readonly string[];
  /** Opt-in scale ahead: the only workloads the shift function may scale (up). */
  readonly scaleAhead?: ScaleAheadScope;
}

/** What scale ahead may raise: ECS services as `cluster/service`, Auto Scaling group names. */
export interface ScaleAheadScope {
  readonly ecsServices?: readonly string[];
  readonly autoScalingGroups?: readonly string[];
}

export function functionStatements(spec: FunctionSpec, ctx: FunctionPolicyContext): iam.PolicyStatement[] {
  // Pure functions (validate, next-window) call no AWS API at all.
  if (spec.stateless) return [];
  const statements = [
    new iam.PolicyStatement({ sid: 'CutoverTable', actions: [...TABLE_ACTIONS], resources: [ctx.tableArn] }),
  ];
  if (spec.emitsEvents !== false) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'CutoverEvents',
        actions: ['events:PutEvents'],
        resources: [ctx.eventBusArn],
      }),
    );
  }
  const unscoped = [...new Set(spec.reads.flatMap((r) => UNSCOPED_READS[r] ?? []))].sort();
  if (unscoped.length > 0) {
    statements.push(
      new iam.PolicyStatement({ sid: 'ReadOnlyDescribe', actions: unscoped, resources: ['*'] }),
    );
  }
  if (spec.reads.includes('platforms'))
    statements.push(...platformReadStatements(ctx.routers, ctx.eksClusters));
  if (spec.scalesAhead && ctx.scaleAhead)
    statements.push(...scaleAheadStatements(ctx.routers, ctx.scaleAhead));
  if (spec.writer) statements.push(...writeStatements(ctx.routers));
  statements.push(...testRouteStatements(spec, ctx.routers));
  if (spec.describesExecutions) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'DescribeOwnExecutions',
        actions: ['states:DescribeExecution'],
        resources: [ctx.executionArnPattern],
      }),
    );
  }
  return statements;
}

/** Modify only on the exact router ARNs of the deployment's config. */
export function writeStatements(routers: RouterScope): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  if (routers.listenerArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'ModifyConfiguredListeners',
        actions: ['elasticloadbalancing:ModifyListener'],
        resources: [...routers.listenerArns],
      }),
    );
  }
  if (routers.ruleArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'ModifyConfiguredRules',
        actions: ['elasticloadbalancing:ModifyRule'],
        resources: [...routers.ruleArns],
      }),
    );
  }
  return statements;
}

/**
 * Platform readiness reads, scoped to the accounts and regions of the routers. Plans name their
 * ECS services and EKS clusters at run time, so the resource name is a wildcard, never the account.
 */
export function platformReadStatements(
  routers: RouterScope,
  eksClusters?: readonly string[],
): iam.PolicyStatement[] {
  const arns = (service: string, resource: string) =>
    routers.locations.map((l) => `arn:${l.partition}:${service}:${l.region}:${l.accountId}:${resource}`);

  return [
    new iam.PolicyStatement({
      sid: 'DescribeEcsServices',
      actions: ['ecs:DescribeServices'],
      resources: arns('ecs', 'service/*'),
    }),
    new iam.PolicyStatement({
      sid: 'DescribeEksClusters',
      actions: ['eks:DescribeCluster', 'eks:DescribeNodegroup'],
      resources:
        eksClusters === undefined
          ? [...arns('eks', 'cluster/*'), ...arns('eks', 'nodegroup/*')]
          : eksClusters.flatMap((name) => [
              ...arns('eks', `cluster/${name}`),
              ...arns('eks', `nodegroup/${name}/*`),
            ]),
    }),
  ];
}

/**
 * Scale ahead (opt-in): raise exactly the named ECS services and Auto Scaling groups. Kubernetes
 * replicas are scaled through the cluster's own RBAC (the EKS access entry), not IAM.
 */
export function scaleAheadStatements(routers: RouterScope, scope: ScaleAheadScope): iam.PolicyStatement[] {
  const arns = (service: string, resource: string) =>
    routers.locations.map((l) => `arn:${l.partition}:${service}:${l.region}:${l.accountId}:${resource}`);
  const statements: iam.PolicyStatement[] = [];
  const services = scope.ecsServices ?? [];
  if (services.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'ScaleAheadEcsServices',
        actions: ['ecs:UpdateService'],
        resources: services.flatMap((name) => arns('ecs', `service/${name}`)),
      }),
    );
  }
  const groups = scope.autoScalingGroups ?? [];
  if (groups.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'ScaleAheadAutoScalingGroups',
        actions: ['autoscaling:SetDesiredCapacity'],
        resources: groups.flatMap((name) =>
          arns('autoscaling', `autoScalingGroup:*:autoScalingGroupName/${name}`),
        ),
      }),
    );
  }
  return statements;
}
