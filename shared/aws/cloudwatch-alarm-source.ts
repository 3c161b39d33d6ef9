import {
  type CloudWatchClient,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import { ConfigurationError } from '#core/errors';
import type { AlarmSource, AlarmState } from '#ports/alarm-source';
import { toCutoverError } from './aws-errors.ts';

export interface CloudWatchAlarmSourceOptions {
  readonly client: CloudWatchClient;
}

/** DescribeAlarms accepts at most 100 names per request. */
const NAMES_PER_REQUEST = 100;

/**
 * States of named CloudWatch alarms (metric and composite). A name that does not exist is a
 * configuration error: a gate on an alarm nobody can find must not pass silently.
 */
export class CloudWatchAlarmSource implements AlarmSource {
  readonly #client: CloudWatchClient;

  constructor(options: CloudWatchAlarmSourceOptions) {
    this.#client = options.client;
  }

  async states(names: readonly string[]): Promise<Readonly<Record<string, AlarmState>>> {
    const wanted = [...new Set(names)];
    const found: Record<string, AlarmState> = {};
    for (let start = 0; start < wanted.length; start += NAMES_PER_REQUEST) {
      const chunk = wanted.slice(start, start + NAMES_PER_REQUEST);
      let nextToken: string | undefined;
      do {
        let page: DescribeAlarmsCommandOutput;
        try {
          page = await this.#client.send(
            new DescribeAlarmsCommand({
              AlarmNames: chunk,
              AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          );
        } catch (err) {
          throw toCutoverError(err, `alarms ${chunk.join(', ')}`);
        }
        for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
          if (alarm.AlarmName && alarm.StateValue) found[alarm.AlarmName] = alarm.StateValue;
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
    const missing = wanted.filter((name) => !(name in found));
    if (missing.length > 0) {
      throw new ConfigurationError(
        `alarm${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: not found in CloudWatch; ` +
          "create the alarm in the router's region or remove it from gates.alarms in the plan",
      );
    }
    return Object.fromEntries(wanted.map((name) => [name, found[name] as AlarmState]));
  }
}
