import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { CutoverAccessPolicies } from './access-policies.ts';
import { CampaignStateMachine } from './campaign-state-machine.ts';
import {
  cutoverScheduling,
  cutoverStateMachine,
  cutoverTable,
  stateMachineIdentity,
  wireSafetyNet,
} from './cutover-parts.ts';
import { applyElbApiBudget, type ElbApiBudgetProps } from './elb-api-budget.ts';
import { FUNCTIONS, type FunctionSpec } from './function-catalog.ts';
import { functionCode } from './function-code.ts';
import { type CutoverHookAccess, grantHookAccess } from './hook-permissions.ts';
import { CutoverMonitoring } from './monitoring.ts';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';
import { functionStatements, type ScaleAheadScope } from './permissions.ts';
import { routerScope } from './router-arns.ts';
import { type CutoverSchedule, checkSchedule } from './schedules.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface CutoverNotifications {
  /**
   * Email addresses subscribed to the notification topic (each must confirm the subscription).
   * Other subscribers (chat, paging) can subscribe to `Cutover.topic` directly.
   * @default - no subscriptions
   */
  readonly emails?: readonly string[];
}

export interface CutoverProps {
  /**
   * The listener and listener-rule ARNs this deployment may modify. The writer functions get
   * `ModifyListener` / `ModifyRule` on exactly these ARNs and nothing else; a plan whose router is
   * not listed is refused in Validate, before anything is written. Checked at synth time; wildcards
   * are refused.
   */
  readonly routers: readonly string[];
  /**
   * The lifecycle hooks plans may call: RunHook may invoke exactly these functions and read exactly
   * these signing secrets. @default - none (a plan with hooks then fails at its first hook)
   */
  readonly hooks?: CutoverHookAccess;
  /** Who hears about events that need a human. @default - the topic only, no subscriptions */
  readonly notifications?: CutoverNotifications;
  /**
   * Recurring cutovers started by EventBridge Scheduler with the plan document as input. Each plan
   * is validated at synth time and must use one of `routers`.
   * @default - none (one-time schedules are created at run time by `cutover schedule`)
   */
  readonly schedules?: readonly CutoverSchedule[];
  /** Retention of every log group (functions and state machine). @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the table, the key and the log groups when they leave the stack.
   * @default RemovalPolicy.RETAIN — leases, snapshots and the audit trail outlive the stack
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * DynamoDB deletion protection on the lease/audit table; turn it off before tearing down.
   * @default true
   */
  readonly tableDeletionProtection?: boolean;
  /**
   * Reserved concurrency of each writer function (shift, rollback, safety-net): the blast radius
   * cap — at most this many routers are written at once in this account.
   * @default 5
   */
  readonly writerConcurrency?: number;
  /** The account's ELB API budget all cutovers of this deployment share. @default the documented ELB limits */
  readonly elbApiBudget?: ElbApiBudgetProps;
  /** Memory of every function, MB (arm64 CPU scales with it). @default 256 */
  readonly memorySize?: number;
  /**
   * Name of the event bus the functions emit `cutover` events to and the notification rules watch.
   * @default 'default' — the account's default bus
   */
  readonly eventBusName?: string;
  /** How often the safety net sweeps for orphaned leases. @default Duration.minutes(5) */
  readonly sweepInterval?: Duration;
  /**
   * The state machine definition (ASL with `${…FunctionArn}` placeholders) — the same file the
   * local executor runs. @default state-machines/cutover.asl.json of this package
   */
  readonly definitionFile?: string;
  /**
   * Folder with one `<function>/handler.ts` per function, bundled at synth time with esbuild (which
   * the app must then have). @default the bundles prebuilt into this package
   */
  readonly functionsDir?: string;
  /** "Now" for the schedules' `notAfter` check. @default the time of synthesis */
  readonly now?: Date;
  /**
   * EKS clusters whose readiness plans may read (DescribeCluster, DescribeNodegroup); Kubernetes
   * access itself is granted in the cluster (README: Kubernetes access).
   * @default - any cluster in the routers' accounts and regions
   */
  readonly eksClusters?: readonly string[];
  /**
   * Opt-in scale ahead: the ECS services (`cluster/service`) and Auto Scaling groups the shift
   * function may scale up before a step. Nothing else is ever scaled.
   * @default - none: plans with `capacity.scaleAhead` are refused by IAM
   */
  readonly scaleAhead?: ScaleAheadScope;
  /**
   * VPC for the functions that read a Kubernetes API (preflight, shift), so that an EKS cluster
   * with a private-only endpoint is reachable. Only those functions are placed in it; the others
   * stay outside. The subnets need a route to the AWS APIs the functions call (NAT gateway or VPC
   * endpoints for STS, EKS, ELBv2, ECS, Auto Scaling, CloudWatch, DynamoDB, EventBridge, X-Ray).
   * @default - no VPC: every function runs outside any VPC (the cluster endpoint must be public)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets of `vpc` for those functions; needs `vpc`.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security groups of those functions; needs `vpc`. The cluster's security group must allow
   * HTTPS from them.
   * @default - one security group that allows outbound HTTPS (TCP 443) only and no inbound
   */
  readonly securityGroups?: readonly ec2.ISecurityGroup[];
}

interface FunctionNetwork {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroups: readonly ec2.ISecurityGroup[];
  /** The security group the construct made (no `securityGroups` given). */
  readonly created?: ec2.SecurityGroup;
}

/**
 * What AWSLambdaVPCAccessExecutionRole grants: Lambda creates and deletes the function's network
 * interfaces with the function's role. The construct passes its own roles, so CDK does not add it.
 */
function vpcAccessStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'LambdaVpcNetworkInterfaces',
    actions: [
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ],
    resources: ['*'],
  });
}

/**
 * Everything a team deploys to run cutovers: twelve functions, the state machine, the lease/audit
 * table, notifications, the safety net (status-change rule + sweeper), the scheduler group and role
 * for scheduled cutovers, alarms and a dashboard.
 */
export class Cutover extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly table: dynamodb.Table;
  readonly eventBus: events.IEventBus;
  readonly functions: ReadonlyMap<string, lambda.Function>;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  /** The role EventBridge Scheduler assumes to start this state machine (and nothing else). */
  readonly schedulerRole: iam.Role;
  readonly monitoring: CutoverMonitoring;
  readonly accessPolicies: CutoverAccessPolicies;
  /** Campaigns: many cutovers as one change (state-machines/campaign.asl.json). */
  readonly campaignStateMachine: sfn.StateMachine;
  /**
   * The security group created for the Kubernetes-reading functions (only with `vpc` and without
   * `securityGroups`): allow it in the cluster's security group on 443.
   */
  readonly kubernetesSecurityGroup: ec2.SecurityGroup | undefined;

  constructor(scope: Construct, id: string, props: CutoverProps) {
    super(scope, id);
    const routers = routerScope(props.routers);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const schedules = (props.schedules ?? []).map((s) =>
      checkSchedule(s, [...routers.listenerArns, ...routers.ruleArns], props.now ?? new Date()),
    );
    this.table = cutoverTable(this, props, removalPolicy);
    this.eventBus = events.EventBus.fromEventBusName(this, 'EventBus', props.eventBusName ?? 'default');
    const { stateMachineName, executionArnPattern } = stateMachineIdentity(this);
    const network = this.kubernetesNetwork(props);
    this.kubernetesSecurityGroup = network?.created;
    const functions = this.createFunctions(props, {
      routers,
      removalPolicy,
      logRetention,
      executionArnPattern,
      network,
    });
    this.functions = functions;
    applyElbApiBudget(functions, props.elbApiBudget);
    grantHookAccess(functions.get('run-hook') as lambda.Function, props.hooks);
    const fn = (name: string): lambda.Function => {
      const found = functions.get(name);
      if (found === undefined) throw new Error(`Cutover: function ${name} missing from the catalog`);
      return found;
    };
    this.stateMachine = cutoverStateMachine(this, {
      stateMachineName,
      definitionFile: props.definitionFile ?? path.join(REPO_ROOT, 'state-machines', 'cutover.asl.json'),
      functionArn: (name) => fn(name).functionArn,
      logRetention,
      removalPolicy,
    });
    this.campaignStateMachine = new CampaignStateMachine(this, 'Campaign', {
      cutover: this.stateMachine,
      cutoverName: stateMachineName,
      table: this.table,
      logRetention,
      removalPolicy,
    }).stateMachine;
    const safetyNet = fn('safety-net');
    wireSafetyNet(this, safetyNet, this.stateMachine, props.sweepInterval ?? Duration.minutes(5));
    ({ group: this.scheduleGroup, role: this.schedulerRole } = cutoverScheduling(
      this,
      this.stateMachine,
      schedules,
    ));
    this.monitoring = new CutoverMonitoring(this, 'Monitoring', {
      stateMachine: this.stateMachine,
      eventBus: this.eventBus,
      safetyNet,
      emails: props.notifications?.emails ?? [],
      removalPolicy,
    });
    this.accessPolicies = new CutoverAccessPolicies(this, 'Access', {
      stateMachine: this.stateMachine,
      executionArnPattern,
      table: this.table,
      scheduleGroup: this.scheduleGroup,
      schedulerRole: this.schedulerRole,
      routers,
    });
    acknowledgeNagFindings({
      functions,
      stateMachine: this.stateMachine,
      operatorPolicy: this.accessPolicies.operatorPolicy,
      approverPolicy: this.accessPolicies.approverPolicy,
      stateMachineName,
      scheduleGroupName: this.scheduleGroup.scheduleGroupName,
      routers,
      inVpc: network !== undefined,
      ...(props.eksClusters === undefined ? {} : { eksClusters: props.eksClusters }),
      ...(props.scaleAhead?.autoScalingGroups === undefined
        ? {}
        : { scaleAheadGroups: props.scaleAhead.autoScalingGroups }),
    });
  }

  /** The twelve functions of the catalog, each with exactly the permissions its port needs. */
  private createFunctions(
    props: CutoverProps,
    shared: {
      routers: ReturnType<typeof routerScope>;
      removalPolicy: RemovalPolicy;
      logRetention: logs.RetentionDays;
      executionArnPattern: string;
      network: FunctionNetwork | undefined;
    },
  ): Map<string, lambda.Function> {
    const { routers, network } = shared;
    const functions = new Map<string, lambda.Function>();
    for (const spec of FUNCTIONS) {
      const placement = spec.readsKubernetes || spec.probes ? network : undefined;
      functions.set(
        spec.name,
        this.createFunction(spec, {
          functionsDir: props.functionsDir,
          logRetention: shared.logRetention,
          removalPolicy: shared.removalPolicy,
          memorySize: props.memorySize ?? 256,
          writerConcurrency: props.writerConcurrency ?? 5,
          routerArns: [...routers.listenerArns, ...routers.ruleArns],
          network: placement,
          statements: [
            ...functionStatements(spec, {
              routers,
              tableArn: this.table.tableArn,
              eventBusArn: this.eventBus.eventBusArn,
              executionArnPattern: shared.executionArnPattern,
              ...(props.eksClusters === undefined ? {} : { eksClusters: props.eksClusters }),
              ...(props.scaleAhead === undefined ? {} : { scaleAhead: props.scaleAhead }),
            }),
            ...(placement === undefined ? [] : [vpcAccessStatement()]),
          ],
        }),
      );
    }
    return functions;
  }

  /** Where the Kubernetes-reading functions run: the given VPC, or nowhere special. */
  private kubernetesNetwork(props: CutoverProps): FunctionNetwork | undefined {
    if (props.vpc === undefined) {
      if (props.vpcSubnets !== undefined || props.securityGroups !== undefined) {
        throw new Error('Cutover: vpcSubnets and securityGroups need vpc');
      }
      return undefined;
    }
    const securityGroups = props.securityGroups;
    if (securityGroups === undefined || securityGroups.length === 0) {
      const group = new ec2.SecurityGroup(this, 'KubernetesApiSecurityGroup', {
        vpc: props.vpc,
        description: 'Cutover functions that read the Kubernetes API: outbound HTTPS only',
        allowAllOutbound: false,
        allowAllIpv6Outbound: false,
      });
      group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the Kubernetes and AWS APIs');
      return {
        vpc: props.vpc,
        securityGroups: [group],
        created: group,
        ...(props.vpcSubnets === undefined ? {} : { vpcSubnets: props.vpcSubnets }),
      };
    }
    return {
      vpc: props.vpc,
      securityGroups,
      ...(props.vpcSubnets === undefined ? {} : { vpcSubnets: props.vpcSubnets }),
    };
  }

  private createFunction(
    spec: FunctionSpec,
    opts: {
      functionsDir: string | undefined;
      logRetention: logs.RetentionDays;
      removalPolicy: RemovalPolicy;
      memorySize: number;
      writerConcurrency: number;
      routerArns: readonly string[];
      network: FunctionNetwork | undefined;
      statements: iam.PolicyStatement[];
    },
  ): lambda.Function {
    const id = spec.name
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('');
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: opts.logRetention,
      removalPolicy: opts.removalPolicy,
    });
    const role = new iam.Role(this, `${id}Role`, {
      description: `Cutover ${spec.name} function`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    for (const statement of opts.statements) role.addToPrincipalPolicy(statement);
    logGroup.grantWrite(role);
    return new lambda.Function(this, `${id}Function`, {
      description: `Cutover ${spec.name}`,
      code: functionCode(this, spec.name, opts.functionsDir),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: opts.memorySize,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      ...(spec.writer ? { reservedConcurrentExecutions: opts.writerConcurrency } : {}),
      ...(opts.network === undefined
        ? {}
        : {
            vpc: opts.network.vpc,
            securityGroups: [...opts.network.securityGroups],
            ...(opts.network.vpcSubnets === undefined ? {} : { vpcSubnets: opts.network.vpcSubnets }),
          }),
      environment: {
        TABLE_NAME: this.table.tableName,
        EVENT_BUS_NAME: this.eventBus.eventBusName,
        POWERTOOLS_SERVICE_NAME: 'cutover',
        POWERTOOLS_METRICS_NAMESPACE: 'Cutover',
        NODE_OPTIONS: '--enable-source-maps',
        // Read by shared/runtime/light-deps.ts (ROUTERS_ENV_VAR).
        ...(spec.checksRouters ? { CUTOVER_ROUTERS: opts.routerArns.join(',') } : {}),
      },
    });
  }
}
