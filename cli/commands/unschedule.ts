import { booleanFlag, type CommandSpec, deploymentFlags, jsonFlag, runCommand } from '../command.ts';
import { toCliFailure, usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';
import { messageStream, writeJson } from '../ops/output.ts';
import { openScheduleGroup, scheduleGroupFlag } from '../ops/schedule-group.ts';

export const spec: CommandSpec = {
  name: 'unschedule',
  usage: 'unschedule <schedule name> [--json]',
  description: [
    "Delete a scheduled cutover from the stack's schedule group (see cutover schedules). A cutover",
    'already started by it keeps running: stop that one with cutover abort.',
    'Exits 2 when no schedule has that name.',
  ].join('\n'),
  flags: {
    ...scheduleGroupFlag,
    ...jsonFlag,
    ...deploymentFlags,
  },
  positionals: { min: 1, max: 1, names: '<schedule name>' },
};

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const name = args.positionals[0] as string;
    const { groupName, scheduler } = await openScheduleGroup(args, io, deps);
    try {
      await scheduler.delete(name, groupName);
    } catch (error) {
      if (error instanceof Error && error.name === 'ResourceNotFoundException') {
        throw usageFailure(`schedule ${groupName}/${name}: does not exist; see cutover schedules`);
      }
      throw toCliFailure(error, `deleting schedule ${groupName}/${name}`);
    }
    const json = booleanFlag(args, 'json');
    messageStream(io, json).write(`removed schedule ${groupName}/${name}\n`);
    if (json) writeJson(io, { removed: name, groupName });
    return ExitCode.Ok;
  });
}
