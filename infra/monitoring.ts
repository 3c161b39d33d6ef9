import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { CutoverEventType, type CutoverEventTypeValue } from '#ports/event-sink';

/**
 * The `cutover` events that need a human, each with the next action the message suggests. Started,
 * Step Started/Passed and Succeeded are routine and not sent. Gate Failed is sent although Rolled
 * Back (or Paused) follows: it is the message that says which gate, what value, what threshold.
 */
export const NOTIFIED_EVENTS: readonly { type: CutoverEventTypeValue; id: string; next: string }[] = [
  {
    type: CutoverEventType.RollbackFailed,
    id: 'RollbackFailed',
    next: 'traffic may be split; the lease is kept and the safety net retries — inspect the router now',
  },
  {
    type: CutoverEventType.DriftDetected,
    id: 'DriftDetected',
    next: 'someone else changed the weights; nothing was written — decide and restore by hand',
  },
  {
    type: CutoverEventType.AwaitingApproval,
    id: 'AwaitingApproval',
    next: 'run `cutover approve` or `cutover reject` for this execution',
  },
  {
    type: CutoverEventType.Paused,
    id: 'Paused',
    next: 'weights are held; `cutover approve` continues, `cutover reject` rolls back',
  },
  { type: CutoverEventType.GateFailed, id: 'GateFailed', next: 'the plan rolls back or pauses' },
  { type: CutoverEventType.RolledBack, id: 'RolledBack', next: 'traffic is back on the snapshot' },
];

export interface CutoverMonitoringProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly eventBus: events.IEventBus;
  readonly safetyNet: lambda.IFunction;
  readonly emails: readonly string[];
  readonly removalPolicy: RemovalPolicy;
}

/** Notification topic, event-to-topic rules, alarms and the dashboard. */
export class CutoverMonitoring extends Construct {
  readonly topic: sns.Topic;
  readonly topicKey: kms.Key;
  /** One rule per notified event type, by id (`RollbackFailed`, …). */
  readonly notificationRules: ReadonlyMap<string, events.Rule>;
  readonly alarms: readonly cloudwatch.Alarm[];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: CutoverMonitoringProps) {
    super(scope, id);
    this.topicKey = topicKey(this, props.removalPolicy);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Cutover',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    for (const email of props.emails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    const rules = notificationRules(this, props.eventBus, this.topic);
    this.notificationRules = rules;
    const triggered = triggeredMetric(rules, props.eventBus);
    this.alarms = cutoverAlarms(this, props, triggered);
    const action = new cwActions.SnsAction(this.topic);
    for (const alarm of this.alarms) alarm.addAlarmAction(action);
    this.dashboard = cutoverDashboard(this, props.stateMachine, triggered, this.alarms);
  }
}

type TriggeredMetric = (ruleId: string, label?: string) => cloudwatch.Metric;

/** One rule per notified event type, sending its line to the topic. */
function notificationRules(
  scope: Construct,
  eventBus: events.IEventBus,
  topic: sns.Topic,
): Map<string, events.Rule> {
  const rules = new Map<string, events.Rule>();
  for (const notified of NOTIFIED_EVENTS) {
    rules.set(
      notified.id,
      new events.Rule(scope, `${notified.id}Rule`, {
        description: `Cutover: notify on "${notified.type}"`,
        eventBus,
        eventPattern: { source: ['cutover'], detailType: [notified.type] },
        targets: [new eventTargets.SnsTopic(topic, { message: notificationText(notified.next) })],
      }),
    );
  }
  return rules;
}

/** How often a notification rule fired: the count of that cutover event. */
function triggeredMetric(
  rules: ReadonlyMap<string, events.Rule>,
  eventBus: events.IEventBus,
): TriggeredMetric {
  return (ruleId, label) => {
    const rule = rules.get(ruleId);
    if (rule === undefined) throw new Error(`Cutover monitoring: no rule ${ruleId}`);
    const onDefaultBus = eventBus.eventBusName === 'default';
    return new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName: 'TriggeredRules',
      dimensionsMap: onDefaultBus
        ? { RuleName: rule.ruleName }
        : { RuleName: rule.ruleName, EventBusName: eventBus.eventBusName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(1),
      ...(label !== undefined ? { label } : {}),
    });
  };
}

function cutoverAlarms(
  scope: Construct,
  props: CutoverMonitoringProps,
  triggered: TriggeredMetric,
): cloudwatch.Alarm[] {
  const sm = props.stateMachine;
  const alarmOn = (alarmId: string, metric: cloudwatch.IMetric, description: string) =>
    new cloudwatch.Alarm(scope, alarmId, {
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  return [
    alarmOn(
      'RollbackFailedAlarm',
      triggered('RollbackFailed'),
      'A cutover could not restore its snapshot: traffic may be split. Page: inspect the router now.',
    ),
    alarmOn(
      'ExecutionsFailedAlarm',
      sm.metricFailed({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      'A cutover execution failed (a rollback, drift, or an error): read its cause.',
    ),
    alarmOn(
      'ExecutionsAbortedAlarm',
      sm.metricAborted({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      'A cutover execution was stopped: the safety net restores its snapshot; confirm it did.',
    ),
    alarmOn(
      'ExecutionsTimedOutAlarm',
      sm.metricTimedOut({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      'A cutover execution timed out: the safety net restores its snapshot; confirm it did.',
    ),
    alarmOn(
      'SafetyNetErrorsAlarm',
      props.safetyNet.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      'The safety net failed: orphaned leases are not being restored. Check its logs.',
    ),
  ];
}

function cutoverDashboard(
  scope: Construct,
  sm: sfn.IStateMachine,
  triggered: TriggeredMetric,
  alarms: readonly cloudwatch.Alarm[],
): cloudwatch.Dashboard {
  return new cloudwatch.Dashboard(scope, 'Dashboard', {
    defaultInterval: Duration.days(7),
    widgets: [
      executionWidgets(sm),
      [
        new cloudwatch.GraphWidget({
          title: 'Rollbacks',
          width: 8,
          left: [
            triggered('RolledBack', 'rolled back'),
            triggered('RollbackFailed', 'rollback failed'),
            triggered('DriftDetected', 'drift detected'),
          ],
        }),
        new cloudwatch.GraphWidget({
          title: 'Gate failures',
          width: 8,
          left: [triggered('GateFailed', 'gate failed')],
        }),
        new cloudwatch.GraphWidget({
          title: 'Waiting for a human',
          width: 8,
          left: [triggered('AwaitingApproval', 'awaiting approval'), triggered('Paused', 'paused')],
        }),
      ],
      [new cloudwatch.AlarmStatusWidget({ title: 'Cutover alarms', width: 24, alarms: [...alarms] })],
    ],
  });
}

/** The dashboard's first row: cutovers running, and how executions ended. */
function executionWidgets(sm: sfn.IStateMachine): cloudwatch.IWidget[] {
  const ended = ['Succeeded', 'Failed', 'Aborted', 'TimedOut'] as const;
  return [
    new cloudwatch.GraphWidget({
      title: 'Cutovers running (net of starts and ends within the graph period)',
      width: 12,
      left: [
        new cloudwatch.MathExpression({
          expression: 'RUNNING_SUM(started - (succeeded + failed + aborted + timedout))',
          label: 'running',
          usingMetrics: {
            started: sm.metricStarted({ statistic: cloudwatch.Stats.SUM }),
            succeeded: sm.metricSucceeded({ statistic: cloudwatch.Stats.SUM }),
            failed: sm.metricFailed({ statistic: cloudwatch.Stats.SUM }),
            aborted: sm.metricAborted({ statistic: cloudwatch.Stats.SUM }),
            timedout: sm.metricTimedOut({ statistic: cloudwatch.Stats.SUM }),
          },
          period: Duration.minutes(5),
        }),
      ],
    }),
    new cloudwatch.GraphWidget({
      title: 'Executions ended',
      width: 12,
      stacked: true,
      left: ended.map((status) =>
        sm.metric(`Executions${status}`, { statistic: cloudwatch.Stats.SUM, label: status }),
      ),
    }),
  ];
}

/** One readable line per event; the task token is never in an event, so never in a message. */
function notificationText(next: string): events.RuleTargetInput {
  const field = (p: string) => events.EventField.fromPath(p);
  return events.RuleTargetInput.fromText(
    `${field('$.detail-type')}: plan ${field('$.detail.planName')}, step ${field('$.detail.step')} — ` +
      `${field('$.detail.reason')}. Next: ${next}. Execution ${field('$.detail.executionArn')}`,
  );
}

/**
 * A customer managed key: EventBridge and CloudWatch alarms cannot publish to a topic encrypted
 * with the AWS managed SNS key. The key policy lists its actions explicitly (no `kms:*`): the
 * account administers the key through IAM, the two services may only encrypt messages for the topic.
 */
function topicKey(scope: Construct, removalPolicy: RemovalPolicy): kms.Key {
  const account = new iam.AccountRootPrincipal();
  return new kms.Key(scope, 'TopicKey', {
    description: 'Cutover notification topic',
    enableKeyRotation: true,
    removalPolicy,
    policy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'AccountAdministersKeyThroughIam',
          principals: [account],
          actions: [
            'kms:CancelKeyDeletion',
            'kms:CreateAlias',
            'kms:CreateGrant',
            'kms:DeleteAlias',
            'kms:DescribeKey',
            'kms:DisableKey',
            'kms:DisableKeyRotation',
            'kms:EnableKey',
            'kms:EnableKeyRotation',
            'kms:GetKeyPolicy',
            'kms:GetKeyRotationStatus',
            'kms:ListGrants',
            'kms:ListKeyPolicies',
            'kms:ListResourceTags',
            'kms:PutKeyPolicy',
            'kms:RevokeGrant',
            'kms:ScheduleKeyDeletion',
            'kms:TagResource',
            'kms:UntagResource',
            'kms:UpdateAlias',
            'kms:UpdateKeyDescription',
            'kms:Decrypt',
            'kms:GenerateDataKey',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'EventBridgeAndAlarmsPublishToTopic',
          principals: [
            new iam.ServicePrincipal('events.amazonaws.com'),
            new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
          ],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          // No source condition: SNS calls KMS on the publisher's behalf, without a source context.
          resources: ['*'],
        }),
      ],
    }),
  });
}
