import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ELB_READ_ACTIONS } from './permissions.ts';

export interface CutoverAccessPoliciesProps {
  readonly stateMachine: sfn.IStateMachine;
  /** `arn:…:execution:<state machine name>:*`. */
  readonly executionArnPattern: string;
  readonly table: dynamodb.ITable;
  readonly scheduleGroup: scheduler.IScheduleGroup;
  readonly schedulerRole: iam.IRole;
}

/**
 * Two customer managed policies for the humans (and pipelines) who drive the `cutover` CLI. The
 * stack creates no users or roles: attach these to your own roles, groups or SSO permission sets.
 *
 * - operator: start, watch, abort, schedule and inspect cutovers (`start`, `status`, `watch`,
 *   `abort`, `schedule`, `history`, `preview`). A deploy pipeline's role needs this one.
 * - approver: answer approvals (`approve`, `reject`). Separate, because `SendTaskSuccess` /
 *   `SendTaskFailure` cannot be scoped to a state machine — a task token is a bearer credential,
 *   so only the people who may approve should hold these actions.
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
          // A hard stop is allowed in an emergency: the safety net restores the snapshot.
          sid: 'StopExecutions',
          actions: ['states:StopExecution'],
          resources: [props.executionArnPattern],
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
          // `cutover preview`: live weights, target health and metrics; these APIs need `*`.
          sid: 'PreviewReads',
          actions: [...ELB_READ_ACTIONS, 'cloudwatch:GetMetricData', 'cloudwatch:DescribeAlarms'],
          resources: ['*'],
        }),
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
