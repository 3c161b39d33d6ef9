import { Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';
import { FUNCTIONS, type ReadAccess } from './function-catalog.ts';
import type { RouterScope } from './router-arns.ts';
import { testRouteNagFindings } from './test-route-permissions.ts';

/**
 * Every cdk-nag (AwsSolutions) finding this construct accepts, each on exactly one resource, with
 * its reason, and — for IAM5 — the exact wildcard it accepts (cdk-nag v3 ids `Rule[Finding]`, the
 * v2 `appliesTo`). Nothing is acknowledged at stack level: a new finding anywhere fails synth.
 */
export interface NagSubjects {
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  readonly stateMachine: sfn.StateMachine;
  readonly operatorPolicy: iam.ManagedPolicy;
  readonly approverPolicy: iam.ManagedPolicy;
  /** Literal names (not tokens), as cdk-nag prints them in the finding ids. */
  readonly stateMachineName: string;
  readonly scheduleGroupName: string;
  readonly routers: RouterScope;
  /** The construct's `eksClusters` (absent: any cluster in the routers' accounts and regions). */
  readonly eksClusters?: readonly string[];
  /** Auto Scaling groups the shift function may scale ahead. */
  readonly scaleAheadGroups?: readonly string[];
  /** The Kubernetes-reading functions run in the construct's `vpc`. */
  readonly inVpc?: boolean;
}

const STAR = 'AwsSolutions-IAM5[Resource::*]';
const XRAY = 'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions (active tracing)';
const VPC_ACCESS =
  'in a VPC, Lambda manages the network interfaces with the function role (the actions of ' +
  'AWSLambdaVPCAccessExecutionRole); the interface IDs are not known in advance';
const READ_REASONS: Record<ReadAccess, string> = {
  router:
    'ELBv2 Describe* (listeners, rules, target groups, target health) has no resource-level permissions',
  metrics: 'cloudwatch:GetMetricData has no resource-level permissions',
  alarms:
    'cloudwatch:DescribeAlarms is read-only and is called with the alarm names a plan lists at run time',
  platforms:
    'autoscaling:DescribeAutoScalingGroups and DescribeInstanceRefreshes have no resource-level permissions',
};

function acknowledge(scope: IConstruct | undefined, id: string, reason: string): void {
  if (scope === undefined)
    throw new Error(`Cutover cdk-nag acknowledgement ${id}: no construct to attach it to`);
  Validations.of(scope).acknowledge({ id, reason });
}

function acknowledgePlatformReads(
  scope: IConstruct | undefined,
  routers: RouterScope,
  who: string,
  eksClusters?: readonly string[],
): void {
  const reason =
    `${who} the ECS services / EKS clusters and nodegroups a plan names at run time; limited to the ` +
    "routers' accounts and regions, read-only";
  for (const l of routers.locations) {
    const prefix = `AwsSolutions-IAM5[Resource::arn:${l.partition}`;
    const where = `${l.region}:${l.accountId}`;
    acknowledge(scope, `${prefix}:ecs:${where}:service/*]`, reason);
    if (eksClusters === undefined) {
      acknowledge(scope, `${prefix}:eks:${where}:cluster/*]`, reason);
      acknowledge(scope, `${prefix}:eks:${where}:nodegroup/*]`, reason);
    }
    for (const name of eksClusters ?? []) {
      acknowledge(
        scope,
        `${prefix}:eks:${where}:nodegroup/${name}/*]`,
        `${who} the nodegroups of the configured cluster ${name} a plan names at run time; read-only`,
      );
    }
  }
}

/** An Auto Scaling group ARN carries a UUID unknown at synth; the group name pins the resource. */
function acknowledgeScaleAhead(
  scope: IConstruct | undefined,
  routers: RouterScope,
  groups: readonly string[],
): void {
  for (const l of routers.locations) {
    for (const name of groups) {
      acknowledge(
        scope,
        `AwsSolutions-IAM5[Resource::arn:${l.partition}:autoscaling:${l.region}:${l.accountId}:autoScalingGroup:*:autoScalingGroupName/${name}]`,
        `Scale ahead (opt-in) raises the desired capacity of Auto Scaling group ${name} only; the group ARN's UUID is not known at synth time, the name pins the group`,
      );
    }
  }
}

export function acknowledgeNagFindings(s: NagSubjects): void {
  const executions = `Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${s.stateMachineName}:*`;
  const executionsReason =
    'Executions are named at start time; the pattern is limited to executions of this one state machine';

  for (const spec of FUNCTIONS) {
    const fn = s.functions.get(spec.name);
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'nodejs22.x on purpose: the project builds, tests and rehearses on Node 22 (aws-local-stepfunctions, ' +
        'vitest); move runtime and toolchain together',
    );
    const reads = spec.reads.map((r) => READ_REASONS[r]);
    const vpc = s.inVpc && (spec.readsKubernetes || spec.probes) ? [VPC_ACCESS] : [];
    acknowledge(fn?.role, STAR, [XRAY, ...reads, ...vpc].join('; '));
    if (spec.reads.includes('platforms')) {
      acknowledgePlatformReads(fn?.role, s.routers, `${spec.name} reads`, s.eksClusters);
    }
    if (spec.scalesAhead && s.scaleAheadGroups)
      acknowledgeScaleAhead(fn?.role, s.routers, s.scaleAheadGroups);
    if (spec.describesExecutions) {
      acknowledge(fn?.role, `AwsSolutions-IAM5[${executions}]`, executionsReason);
    }
    for (const finding of testRouteNagFindings(spec, s.routers))
      acknowledge(fn?.role, finding.id, finding.reason);
  }

  acknowledge(
    s.stateMachine.role,
    STAR,
    `${XRAY}; CloudWatch Logs delivery APIs (CreateLogDelivery, …) that Step Functions logging needs have ` +
      'no resource-level permissions',
  );

  acknowledge(
    s.operatorPolicy,
    STAR,
    '`cutover preview`/`schedules` read ELBv2 Describe*, DescribeAutoScalingGroups, CloudWatch ' +
      'GetMetricData/DescribeAlarms and ListSchedules, which have no resource-level permissions (read-only); ' +
      'SendTaskFailure (graceful abort of a waiting approval) has none either and can only cause a rollback',
  );
  acknowledgePlatformReads(s.operatorPolicy, s.routers, '`cutover preview` reads');
  acknowledge(s.operatorPolicy, `AwsSolutions-IAM5[${executions}]`, executionsReason);
  acknowledge(
    s.operatorPolicy,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${s.scheduleGroupName}/*]`,
    '`cutover schedule` creates schedules with names chosen at run time, only inside the Cutover schedule group',
  );

  acknowledge(
    s.approverPolicy,
    STAR,
    'states:SendTaskSuccess/SendTaskFailure have no resource-level permissions; the task token names the task. ' +
      'This policy exists so that only approvers hold these two actions',
  );
  acknowledge(s.approverPolicy, `AwsSolutions-IAM5[${executions}]`, executionsReason);
}
