import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** The partition of the campaign abort items (shared/aws/dynamodb-campaign-abort-flags.ts). */
const CAMPAIGN_ABORT_PARTITION = 'campaign-abort';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface CampaignStateMachineProps {
  /** The cutover state machine: the only one a campaign may start. */
  readonly cutover: sfn.StateMachine;
  /** Its literal name (execution ARNs are `…:execution:<name>:<execution>`). */
  readonly cutoverName: string;
  /** The Cutover table: the campaign reads its abort item there (`cutover campaign abort`). */
  readonly table: dynamodb.ITable;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** @default state-machines/campaign.asl.json of this package */
  readonly definitionFile?: string;
}

/**
 * The campaign state machine (state-machines/campaign.asl.json, the file the campaign rehearsal
 * runs): starts each service's cutover as a child execution and waits for it. Least privilege: it
 * may start only the cutover state machine, and describe and stop only that machine's executions;
 * it invokes no function and touches no router; of the table it reads only the campaign abort item.
 */
export class CampaignStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: CampaignStateMachineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(
        props.definitionFile ?? path.join(REPO_ROOT, 'state-machines', 'campaign.asl.json'),
      ),
      definitionSubstitutions: {
        CutoverStateMachineArn: props.cutover.stateMachineArn,
        TableName: props.table.tableName,
      },
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    const childExecutions = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${props.cutoverName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'StartCutoverOnly',
        actions: ['states:StartExecution'],
        resources: [props.cutover.stateMachineArn],
      }),
    );
    // startExecution.sync: follows the child, and stops it when the campaign stops (abortAll).
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'FollowAndStopCutovers',
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [childExecutions],
      }),
    );
    // The abort item only: GetItem on the campaign-abort partition, nothing else of the table.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadCampaignAbortItem',
        actions: ['dynamodb:GetItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [CAMPAIGN_ABORT_PARTITION] } },
      }),
    );
    // .sync learns that a child ended through this Step Functions-managed EventBridge rule.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SyncCompletionRule',
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [
          stack.formatArn({
            service: 'events',
            resource: 'rule',
            resourceName: 'StepFunctionsGetEventsForStepFunctionsExecutionRule',
          }),
        ],
      }),
    );
    const role = this.stateMachine.role;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${props.cutoverName}:*]`,
      reason:
        'Child executions are named at start time; the pattern is limited to executions of the cutover state machine (describe and stop only)',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords and the CloudWatch Logs delivery APIs Step Functions logging needs have no resource-level permissions',
    });
  }
}
