import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';

import type { CutoverSchedule, CutoverScheduleRequest, ScheduleControl } from '#ports/schedule-control';

// The shapes live with the port; re-exported so callers of this adapter keep their imports.
export type { CutoverSchedule, CutoverScheduleRequest };

/** EventBridge Scheduler calls the CLI makes; a thin layer over the Scheduler client. */
export class SchedulerControl implements ScheduleControl {
  readonly #client: SchedulerClient;

  constructor(options: { readonly client: SchedulerClient }) {
    this.#client = options.client;
  }

  async create(req: CutoverScheduleRequest): Promise<string> {
    const out = await this.#client.send(
      new CreateScheduleCommand({
        Name: req.name,
        GroupName: req.groupName,
        ScheduleExpression: req.expression,
        ScheduleExpressionTimezone: req.timeZone,
        Description: req.description,
        State: 'ENABLED',
        // A cutover must start when asked, not somewhere in a window.
        FlexibleTimeWindow: { Mode: 'OFF' },
        ...(req.deleteAfterCompletion ? { ActionAfterCompletion: 'DELETE' as const } : {}),
        Target: {
          Arn: req.stateMachineArn,
          RoleArn: req.roleArn,
          Input: req.input,
          RetryPolicy: {
            MaximumEventAgeInSeconds: req.maxEventAgeSeconds,
            MaximumRetryAttempts: req.maxRetryAttempts,
          },
        },
      }),
    );
    return out.ScheduleArn ?? '';
  }

  /** Every schedule in the group, with its expression and input (one GetSchedule per schedule). */
  async list(groupName: string): Promise<CutoverSchedule[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.#client.send(
        new ListSchedulesCommand({ GroupName: groupName, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      for (const s of out.Schedules ?? []) if (s.Name) names.push(s.Name);
      nextToken = out.NextToken;
    } while (nextToken);
    const schedules: CutoverSchedule[] = [];
    for (const name of names) schedules.push(await this.get(name, groupName));
    return schedules;
  }

  async get(name: string, groupName: string): Promise<CutoverSchedule> {
    const out = await this.#client.send(new GetScheduleCommand({ Name: name, GroupName: groupName }));
    return {
      name: out.Name ?? name,
      groupName: out.GroupName ?? groupName,
      state: out.State ?? 'UNKNOWN',
      ...(out.ScheduleExpression ? { expression: out.ScheduleExpression } : {}),
      ...(out.ScheduleExpressionTimezone ? { timeZone: out.ScheduleExpressionTimezone } : {}),
      ...(out.Target?.Arn ? { targetArn: out.Target.Arn } : {}),
      ...(out.Target?.Input ? { input: out.Target.Input } : {}),
      ...(out.Description ? { description: out.Description } : {}),
      ...(out.CreationDate ? { createdAt: out.CreationDate } : {}),
    };
  }

  async delete(name: string, groupName: string): Promise<void> {
    await this.#client.send(new DeleteScheduleCommand({ Name: name, GroupName: groupName }));
  }
}
