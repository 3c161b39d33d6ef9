import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, ArnFormat, Duration, Names, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { CutoverAccessPolicies } from './access-policies.ts';
import { CampaignStateMachine } from './campaign-state-machine.ts';
import { applyElbApiBudget, type ElbApiBudgetProps } from './elb-api-budget.ts';
import { ASL_FUNCTIONS, FUNCTIONS, type FunctionSpec } from './function-catalog.ts';
import { functionCode } from './function-code.ts';
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
    const stack = Stack.of(this);
    const routers = routerScope(props.routers);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const functionsDir = props.functionsDir;
    const definitionFile = props.definitionFile ?? path.join(REPO_ROOT, 'state-machines', 'cutover.asl.json');
    const schedules = (props.schedules ?? []).map((s) =>
      checkSchedule(s, [...routers.listenerArns, ...routers.ruleArns], props.now ?? new Date()),
    );

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'ttl',
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.tableDeletionProtection ?? true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy,
    });

    this.eventBus = events.EventBus.fromEventBusName(this, 'EventBus', props.eventBusName ?? 'default');

    // The state machine's name is generated; the safety net may describe only its executions.
    const stateMachineName = Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });
    const executionArnPattern = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const network = this.kubernetesNetwork(props);
    this.kubernetesSecurityGroup = network?.created;

    const functions = new Map<string, lambda.Function>();
    for (const spec of FUNCTIONS) {
      const placement = spec.readsKubernetes ? network : undefined;
      functions.set(
        spec.name,
        this.createFunction(spec, {
          functionsDir,
          logRetention,
          removalPolicy,
          memorySize: props.memorySize ?? 256,
          writerConcurrency: props.writerConcurrency ?? 5,
          routerArns: [...routers.listenerArns, ...routers.ruleArns],
          network: placement,
          statements: [
            ...functionStatements(spec, {
              routers,
              tableArn: this.table.tableArn,
              eventBusArn: this.eventBus.eventBusArn,
              executionArnPattern,
              ...(props.eksClusters === undefined ? {} : { eksClusters: props.eksClusters }),
              ...(props.scaleAhead === undefined ? {} : { scaleAhead: props.scaleAhead }),
            }),
            ...(placement === undefined ? [] : [vpcAccessStatement()]),
          ],
        }),
      );
    }
    this.functions = functions;
    applyElbApiBudget(functions, props.elbApiBudget);
    const fn = (name: string): lambda.Function => {
      const found = functions.get(name);
      if (found === undefined) throw new Error(`Cutover: function ${name} missing from the catalog`);
      return found;
    };

    const stateMachineLogs = new logs.LogGroup(this, 'StateMachineLogs', {
      retention: logRetention,
      removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      // The very file the local executor runs; only the function ARNs are substituted.
      definitionBody: sfn.DefinitionBody.fromFile(definitionFile),
      definitionSubstitutions: Object.fromEntries(
        ASL_FUNCTIONS.map((spec) => [spec.placeholder, fn(spec.name).functionArn]),
      ),
      logs: { destination: stateMachineLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // Unqualified ARNs only: the ASL invokes $LATEST of exactly these functions.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'InvokeCutoverFunctions',
        actions: ['lambda:InvokeFunction'],
        resources: ASL_FUNCTIONS.map((spec) => fn(spec.name).functionArn),
      }),
    );

    this.campaignStateMachine = new CampaignStateMachine(this, 'Campaign', {
      cutover: this.stateMachine,
      cutoverName: stateMachineName,
      table: this.table,
      logRetention,
      removalPolicy,
    }).stateMachine;

    const safetyNet = fn('safety-net');
    safetyNet.addEnvironment('STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    new events.Rule(this, 'ExecutionEndedRule', {
      description: 'Cutover safety net: an execution ended without finishing (ABORTED, TIMED_OUT, FAILED)',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['ABORTED', 'TIMED_OUT', 'FAILED'],
          stateMachineArn: [this.stateMachine.stateMachineArn],
        },
      },
      targets: [
        new eventTargets.LambdaFunction(safetyNet, { retryAttempts: 8, maxEventAge: Duration.hours(1) }),
      ],
    });
    new events.Rule(this, 'SweepRule', {
      description: 'Cutover safety net: restore snapshots of leases whose execution is no longer running',
      schedule: events.Schedule.rate(props.sweepInterval ?? Duration.minutes(5)),
      targets: [
        new eventTargets.LambdaFunction(safetyNet, {
          event: events.RuleTargetInput.fromObject({ sweep: true }),
          retryAttempts: 2,
          maxEventAge: Duration.minutes(5),
        }),
      ],
    });

    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', {
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler starts Cutover executions (this state machine only)',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': this.scheduleGroup.scheduleGroupArn,
          },
        },
      }),
    });
    this.stateMachine.grantStartExecution(this.schedulerRole);
    for (const schedule of schedules) {
      if (schedule.staleWarning !== undefined) {
        Annotations.of(this).addWarningV2('@cutover/schedule-stale', schedule.staleWarning);
      }
      new scheduler.Schedule(this, `Schedule-${schedule.name}`, {
        scheduleName: schedule.name,
        scheduleGroup: this.scheduleGroup,
        description: schedule.description.slice(0, 512),
        schedule: scheduler.ScheduleExpression.expression(
          schedule.expression,
          TimeZone.of(schedule.timeZone),
        ),
        enabled: schedule.enabled,
        ...(schedule.end !== undefined ? { end: schedule.end } : {}),
        target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {
          role: this.schedulerRole,
          input: scheduler.ScheduleTargetInput.fromObject(schedule.document),
          // A start that cannot happen within the hour is dropped; notAfter guards later runs anyway.
          retryAttempts: 10,
          maxEventAge: Duration.hours(1),
        }),
      });
    }

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
