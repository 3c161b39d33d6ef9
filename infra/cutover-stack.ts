import { CfnOutput, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { Cutover, type CutoverProps } from './cutover-construct.ts';
import type { DeploymentConfig } from './deployment-config.ts';

export interface CutoverStackProps extends StackProps {
  readonly cutover: CutoverProps;
  /**
   * The config's `vpc`: imported by ID (no lookup, synth stays offline) and passed to the construct
   * as `vpc`/`vpcSubnets`, unless `cutover` sets them itself.
   */
  readonly network?: DeploymentConfig['vpc'];
}

/**
 * The stack `npx cdk deploy` creates: one `Cutover` and the outputs the CLI reads with
 * `--stack <name>` (names fixed by the team: StateMachineArn, TableName, TopicArn, EventBusName,
 * SchedulerGroupName, SchedulerRoleArn), plus the two access policies for people.
 */
export class CutoverStack extends Stack {
  readonly cutover: Cutover;

  constructor(scope: Construct, id: string, props: CutoverStackProps) {
    super(scope, id, props);
    this.cutover = new Cutover(this, 'Cutover', {
      ...(props.network === undefined ? {} : this.importNetwork(props.network)),
      ...props.cutover,
    });
    const c = this.cutover;
    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output('StateMachineArn', c.stateMachine.stateMachineArn, 'Cutover state machine');
    output('CampaignStateMachineArn', c.campaignStateMachine.stateMachineArn, 'Campaign state machine');
    output('TableName', c.table.tableName, 'Leases, execution ledger and audit records');
    output('TopicArn', c.monitoring.topic.topicArn, 'Notifications that need a human');
    output('EventBusName', c.eventBus.eventBusName, 'Bus the `cutover` events are emitted to');
    output('SchedulerGroupName', c.scheduleGroup.scheduleGroupName, 'Schedule group for scheduled cutovers');
    output('SchedulerRoleArn', c.schedulerRole.roleArn, 'Role EventBridge Scheduler starts cutovers with');
    output(
      'OperatorPolicyArn',
      c.accessPolicies.operatorPolicy.managedPolicyArn,
      'Attach to operators/pipelines',
    );
    output('ApproverPolicyArn', c.accessPolicies.approverPolicy.managedPolicyArn, 'Attach to approvers');
    output('DashboardName', c.monitoring.dashboard.dashboardName, 'CloudWatch dashboard');
  }

  private importNetwork(
    network: NonNullable<DeploymentConfig['vpc']>,
  ): Pick<CutoverProps, 'vpc' | 'vpcSubnets'> {
    // The subnets are given by ID, so the VPC's own subnet and zone lists are never read.
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: network.vpcId,
      availabilityZones: Fn.getAzs(),
    });
    const subnets = network.subnetIds.map((id) => ec2.Subnet.fromSubnetId(this, `Subnet-${id}`, id));
    return { vpc, vpcSubnets: { subnets } };
  }
}

/** Maps the config file onto the construct's props (schedules already read). */
export function cutoverPropsFromConfig(
  config: DeploymentConfig,
  schedules: CutoverProps['schedules'],
): CutoverProps {
  return {
    routers: config.routers,
    notifications: { emails: config.notifications.emails },
    schedules: schedules ?? [],
    logRetention: retentionDays(config.logRetentionDays),
    removalPolicy: config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    tableDeletionProtection: config.tableDeletionProtection,
    writerConcurrency: config.writerConcurrency,
    ...(config.elbApiBudget ? { elbApiBudget: config.elbApiBudget } : {}),
  };
}

function retentionDays(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter(
    (v): v is logs.RetentionDays => typeof v === 'number',
  );
  if (!allowed.includes(days as logs.RetentionDays)) {
    throw new Error(
      `Cutover config logRetentionDays: ${days} is not a CloudWatch Logs retention; allowed ${allowed
        .filter((d) => d > 0)
        .sort((a, b) => a - b)
        .join(', ')}`,
    );
  }
  return days as logs.RetentionDays;
}
