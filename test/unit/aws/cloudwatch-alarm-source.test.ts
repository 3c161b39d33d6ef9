import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchAlarmSource } from '#aws/cloudwatch-alarm-source';
import { AwsRejectedError, ConfigurationError } from '#core/errors';
import { accessDenied, REGION, testCredentials } from './kit.ts';

const cloudWatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: REGION, credentials: testCredentials });

describe('CloudWatchAlarmSource', () => {
  beforeEach(() => cloudWatch.reset());

  it('returns the state of each named metric and composite alarm, INSUFFICIENT_DATA included', async () => {
    // Prepare
    cloudWatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        { AlarmName: 'crawler-ecs-cpu-high', StateValue: 'OK' },
        { AlarmName: 'crawler-ecs-memory', StateValue: 'INSUFFICIENT_DATA' },
      ],
      CompositeAlarms: [{ AlarmName: 'crawler-slo', StateValue: 'ALARM' }],
    });
    // Act
    const states = await new CloudWatchAlarmSource({ client }).states([
      'crawler-ecs-cpu-high',
      'crawler-ecs-memory',
      'crawler-slo',
    ]);
    // Assess
    expect(states).toEqual({
      'crawler-ecs-cpu-high': 'OK',
      'crawler-ecs-memory': 'INSUFFICIENT_DATA',
      'crawler-slo': 'ALARM',
    });
    expect(cloudWatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNames: ['crawler-ecs-cpu-high', 'crawler-ecs-memory', 'crawler-slo'],
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    });
  });

  it('throws ConfigurationError naming an alarm that does not exist', async () => {
    // Prepare
    cloudWatch
      .on(DescribeAlarmsCommand)
      .resolves({ MetricAlarms: [{ AlarmName: 'crawler-ecs-cpu-high', StateValue: 'OK' }] });
    // Act
    const result = new CloudWatchAlarmSource({ client }).states(['crawler-ecs-cpu-high', 'crawler-typo']);
    // Assess
    await expect(result).rejects.toBeInstanceOf(ConfigurationError);
    await expect(result).rejects.toThrow(/alarm crawler-typo: not found in CloudWatch/);
  });

  it('follows NextToken pages', async () => {
    cloudWatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'a', StateValue: 'OK' }], NextToken: 't' })
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'b', StateValue: 'ALARM' }] });
    const states = await new CloudWatchAlarmSource({ client }).states(['a', 'b']);
    expect(states).toEqual({ a: 'OK', b: 'ALARM' });
  });

  it('makes no call without alarm names', async () => {
    expect(await new CloudWatchAlarmSource({ client }).states([])).toEqual({});
    expect(cloudWatch).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 0);
  });

  it('surfaces AccessDenied', async () => {
    cloudWatch.on(DescribeAlarmsCommand).rejects(accessDenied());
    await expect(new CloudWatchAlarmSource({ client }).states(['a'])).rejects.toBeInstanceOf(
      AwsRejectedError,
    );
  });
});
