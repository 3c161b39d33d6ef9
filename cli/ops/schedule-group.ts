import type { ScheduleControl } from '#ports/schedule-control';
import { type FlagSpec, type ParsedArgs, stringFlag } from '../command.ts';
import type { CliIo } from '../io.ts';
import { resolveDeployment, stackOutput } from './deployment.ts';
import { type OpsDeps, rootOf } from './deps.ts';

/** `--group`: the EventBridge Scheduler group the cutover schedules live in. */
export const scheduleGroupFlag: Readonly<Record<string, FlagSpec>> = {
  group: {
    type: 'string',
    placeholder: 'name',
    description: 'schedule group (default: stack output SchedulerGroupName)',
  },
};

/** The schedule group `--group` names, else the stack's, and a Scheduler client in the stack's region. */
export async function openScheduleGroup(
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
): Promise<{ readonly groupName: string; readonly scheduler: ScheduleControl }> {
  const group = stringFlag(args, 'group');
  const deployment = await resolveDeployment(args, io, deps, {
    outputs: group ? [] : ['SchedulerGroupName'],
  });
  return {
    groupName: group ?? (stackOutput(deployment.outputs, 'SchedulerGroupName') as string),
    scheduler: rootOf(deps).schedules(deployment.region),
  };
}
