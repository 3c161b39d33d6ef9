import { booleanFlag, type CommandSpec, deploymentFlags, jsonFlag, runCommand } from '../command.ts';
import { awsCall } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';
import { table, writeJson } from '../ops/output.ts';
import { openScheduleGroup, scheduleGroupFlag } from '../ops/schedule-group.ts';

export const spec: CommandSpec = {
  name: 'schedules',
  usage: 'schedules [--json]',
  description: [
    "List the scheduled cutovers in the stack's schedule group: name, when, time zone, state, the plan",
    'and the notAfter it carries. One-time schedules delete themselves after they fire.',
  ].join('\n'),
  flags: {
    ...scheduleGroupFlag,
    ...jsonFlag,
    ...deploymentFlags,
  },
  positionals: { min: 0, max: 0, names: '' },
};

export interface ScheduleListItem {
  readonly name: string;
  readonly groupName: string;
  readonly state: string;
  readonly expression: string | null;
  readonly timeZone: string | null;
  readonly planName: string | null;
  readonly notAfter: string | null;
  readonly targetArn: string | null;
}

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const { groupName, scheduler } = await openScheduleGroup(args, io, deps);
    const schedules = await awsCall(`listing schedules in group ${groupName}`, () =>
      scheduler.list(groupName),
    );
    const items: ScheduleListItem[] = schedules.map((s) => {
      const plan = parseInput(s.input);
      return {
        name: s.name,
        groupName: s.groupName,
        state: s.state,
        expression: s.expression ?? null,
        timeZone: s.timeZone ?? null,
        planName: typeof plan?.name === 'string' ? plan.name : null,
        notAfter: typeof plan?.notAfter === 'string' ? plan.notAfter : null,
        targetArn: s.targetArn ?? null,
      };
    });
    if (booleanFlag(args, 'json')) {
      writeJson(io, items);
    } else if (items.length === 0) {
      io.stdout.write(`no schedules in group ${groupName}\n`);
    } else {
      const rows = [
        ['NAME', 'WHEN', 'ZONE', 'STATE', 'PLAN', 'NOT AFTER'],
        ...items.map((i) => [
          i.name,
          i.expression ?? '-',
          i.timeZone ?? '-',
          i.state,
          i.planName ?? '-',
          i.notAfter ?? '-',
        ]),
      ];
      io.stdout.write(`${table(rows)}\n`);
    }
    return ExitCode.Ok;
  });
}

function parseInput(input: string | undefined): { name?: unknown; notAfter?: unknown } | undefined {
  if (input === undefined) return undefined;
  try {
    const value = JSON.parse(input) as unknown;
    return value && typeof value === 'object' ? (value as { name?: unknown; notAfter?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
