import { Annotations, ArnFormat, Duration, Names, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { ASL_FUNCTIONS } from './function-catalog.ts';
import type { checkSchedule } from './schedules.ts';

// The steps of the Cutover construct, each building one part in the construct's own scope (so
// construct ids, and with them the template's logical ids, are what they always were).

/** The lease / audit / ledger table. */
export function cutoverTable(
  scope: Construct,
  props: { readonly tableDeletionProtection?: boolean },
  removalPolicy: RemovalPolicy,
): dynamodb.Table {
  return new dynamodb.Table(scope, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    timeToLiveAttribute: 'ttl',
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: props.tableDeletionProtection ?? true,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    removalPolicy,
  });
}

/** The state machine's name is generated; the safety net may describe only its executions. */
export function stateMachineIdentity(scope: Construct): {
  stateMachineName: string;
  executionArnPattern: string;
} {
  const stateMachineName = Names.uniqueResourceName(scope, { maxLength: 80, separator: '-' });
  const executionArnPattern = Stack.of(scope).formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${stateMachineName}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  return { stateMachineName, executionArnPattern };
}

/** The cutover state machine from the very ASL file the local executor runs; only function ARNs substituted. */
export function cutoverStateMachine(
  scope: Construct,
  opts: {
    readonly stateMachineName: string;
    readonly definitionFile: string;
    readonly functionArn: (name: string) => string;
    readonly logRetention: logs.RetentionDays;
    readonly removalPolicy: RemovalPolicy;
  },
): sfn.StateMachine {
  const stateMachineLogs = new logs.LogGroup(scope, 'StateMachineLogs', {
    retention: opts.logRetention,
    removalPolicy: opts.removalPolicy,
  });
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineName: opts.stateMachineName,
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromFile(opts.definitionFile),
    definitionSubstitutions: Object.fromEntries(
      ASL_FUNCTIONS.map((spec) => [spec.placeholder, opts.functionArn(spec.name)]),
    ),
    logs: { destination: stateMachineLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    tracingEnabled: true,
  });
  // Unqualified ARNs only: the ASL invokes $LATEST of exactly these functions.
  stateMachine.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'InvokeCutoverFunctions',
      actions: ['lambda:InvokeFunction'],
      resources: ASL_FUNCTIONS.map((spec) => opts.functionArn(spec.name)),
    }),
  );
  return stateMachine;
}

/** The safety net's two triggers: an execution that ended without finishing, and the periodic sweep. */
export function wireSafetyNet(
  scope: Construct,
  safetyNet: lambda.Function,
  stateMachine: sfn.StateMachine,
  sweepInterval: Duration,
): void {
  safetyNet.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
  new events.Rule(scope, 'ExecutionEndedRule', {
    description: 'Cutover safety net: an execution ended without finishing (ABORTED, TIMED_OUT, FAILED)',
    eventPattern: {
      source: ['aws.states'],
      detailType: ['Step Functions Execution Status Change'],
      detail: {
        status: ['ABORTED', 'TIMED_OUT', 'FAILED'],
        stateMachineArn: [stateMachine.stateMachineArn],
      },
    },
    targets: [
      new eventTargets.LambdaFunction(safetyNet, { retryAttempts: 8, maxEventAge: Duration.hours(1) }),
    ],
  });
  new events.Rule(scope, 'SweepRule', {
    description: 'Cutover safety net: restore snapshots of leases whose execution is no longer running',
    schedule: events.Schedule.rate(sweepInterval),
    targets: [
      new eventTargets.LambdaFunction(safetyNet, {
        event: events.RuleTargetInput.fromObject({ sweep: true }),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(5),
      }),
    ],
  });
}

/** The schedule group, the role Scheduler starts this state machine with (and nothing else), and the recurring schedules. */
export function cutoverScheduling(
  scope: Construct,
  stateMachine: sfn.StateMachine,
  schedules: readonly ReturnType<typeof checkSchedule>[],
): { group: scheduler.ScheduleGroup; role: iam.Role } {
  const group = new scheduler.ScheduleGroup(scope, 'ScheduleGroup', {
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, 'SchedulerRole', {
    description: 'EventBridge Scheduler starts Cutover executions (this state machine only)',
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': Stack.of(scope).account,
          'aws:SourceArn': group.scheduleGroupArn,
        },
      },
    }),
  });
  stateMachine.grantStartExecution(role);
  for (const schedule of schedules) {
    if (schedule.staleWarning !== undefined) {
      Annotations.of(scope).addWarningV2('@cutover/schedule-stale', schedule.staleWarning);
    }
    new scheduler.Schedule(scope, `Schedule-${schedule.name}`, {
      scheduleName: schedule.name,
      scheduleGroup: group,
      description: schedule.description.slice(0, 512),
      schedule: scheduler.ScheduleExpression.expression(schedule.expression, TimeZone.of(schedule.timeZone)),
      enabled: schedule.enabled,
      ...(schedule.end !== undefined ? { end: schedule.end } : {}),
      target: new schedulerTargets.StepFunctionsStartExecution(stateMachine, {
        role,
        input: scheduler.ScheduleTargetInput.fromObject(schedule.document),
        // A start that cannot happen within the hour is dropped; notAfter guards later runs anyway.
        retryAttempts: 10,
        maxEventAge: Duration.hours(1),
      }),
    });
  }
  return { group, role };
}
