import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ELB_READ_ACTIONS, platformReadStatements } from './permissions.ts';
import type { RouterScope } from './router-arns.ts';

export interface CutoverAccessPoliciesProps {
  readonly stateMachine: sfn.IStateMachine;
  /** `arn:…:execution:<state machine name>:*`. */
  readonly executionArnPattern: string;
  readonly table: dynamodb.ITable;
  readonly scheduleGroup: scheduler.IScheduleGroup;
  readonly schedulerRole: iam.IRole;
  /** The deployment's routers: preview reads platforms in their accounts and regions. */
  readonly routers: RouterScope;
}

/**
 * Two customer managed policies for the humans (and pipelines) who drive the `cutover` CLI. The
 * stack creates no users or roles: attach these to your own roles, groups or SSO permission sets.
 *
 * - operator: start, watch, abort, schedule and inspect cutovers (`start`, `status`, `watch`,
 *   `abort`, `schedule`, `schedules`, `unschedule`, `history`, `preview`). A deploy pipeline's role
 *   needs this one. It holds `SendTaskFailure` because a graceful abort answers a waiting approval
 *   with AbortRequested — failing a task only ever leads to a rollback, the safe direction.
 * - approver: answer approvals (`approve`, `reject`). Only this policy holds `SendTaskSuccess`,
 *   the action that moves traffic forward. SendTask* cannot be scoped to a state machine (a task
 *   token is a bearer credential), so holding the action is the control.
 */
export class CutoverAccessPolicies extends Construct {
  readonly operatorPolicy: iam.ManagedPolicy;
  readonly approverPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: CutoverAccessPoliciesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const tableAccess = new iam.PolicyStatement({
      sid: 'CutoverTable',
      actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [props.table.tableArn],
    });
    const readOutputs = new iam.PolicyStatement({
      sid: 'ReadStackOutputs',
      actions: ['cloudformation:DescribeStacks'],
      resources: [stack.stackId],
    });
    const describeExecutions = new iam.PolicyStatement({
      sid: 'InspectExecutions',
      actions: ['states:DescribeExecution', 'states:GetExecutionHistory'],
      resources: [props.executionArnPattern],
    });

    this.operatorPolicy = new iam.ManagedPolicy(this, 'OperatorPolicy', {
      description: 'Cutover operators and pipelines: start, watch, abort, schedule and inspect cutovers',
      statements: [
        new iam.PolicyStatement({
          sid: 'StartCutovers',
          actions: ['states:StartExecution', 'states:DescribeStateMachine', 'states:ListExecutions'],
          resources: [props.stateMachine.stateMachineArn],
        }),
        describeExecutions,
        new iam.PolicyStatement({
          // `abort --force` stops the execution; the safety net then restores the snapshot.
          sid: 'StopExecutions',
          actions: ['states:StopExecution'],
          resources: [props.executionArnPattern],
        }),
        new iam.PolicyStatement({
          // Graceful abort of a cutover waiting for approval: fails the task, which rolls back.
          sid: 'AbortWaitingApprovals',
          actions: ['states:SendTaskFailure'],
          resources: ['*'],
        }),
        tableAccess,
        readOutputs,
        new iam.PolicyStatement({
          sid: 'ManageCutoverSchedules',
          actions: [
            'scheduler:CreateSchedule',
            'scheduler:UpdateSchedule',
            'scheduler:DeleteSchedule',
            'scheduler:GetSchedule',
          ],
          resources: [
            stack.formatArn({
              service: 'scheduler',
              resource: 'schedule',
              resourceName: `${props.scheduleGroup.scheduleGroupName}/*`,
            }),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'PassSchedulerRole',
          actions: ['iam:PassRole'],
          resources: [props.schedulerRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
        new iam.PolicyStatement({
          // `cutover preview` and `schedules`: these read-only APIs have no resource-level permissions.
          sid: 'ReadOnlyDescribe',
          actions: [
            ...ELB_READ_ACTIONS,
            'autoscaling:DescribeAutoScalingGroups',
            'cloudwatch:DescribeAlarms',
            'cloudwatch:GetMetricData',
            'scheduler:ListSchedules',
          ],
          resources: ['*'],
        }),
        ...platformReadStatements(props.routers),
      ],
    });

    this.approverPolicy = new iam.ManagedPolicy(this, 'ApproverPolicy', {
      description: 'Cutover approvers: approve or reject a waiting cutover step',
      statements: [
        new iam.PolicyStatement({
          // SendTask* have no resource-level permissions; the token itself names the task.
          sid: 'AnswerApprovals',
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
          resources: ['*'],
        }),
        describeExecutions,
        tableAccess,
        readOutputs,
      ],
    });
  }
}
