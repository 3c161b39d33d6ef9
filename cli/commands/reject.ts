import { type CommandSpec, deploymentFlags, jsonFlag, runCommand, tableFlag } from '../command.ts';
import type { CliIo } from '../io.ts';
import { decide } from '../ops/decide.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';

export const spec: CommandSpec = {
  name: 'reject',
  usage: 'reject <execution-arn | plan name> [--reason <text>] [--json]',
  description: [
    'Reject the approval a cutover waits on: the cutover rolls back to its snapshot (for a paused',
    'cutover: rolls back). Fails the approval task with ApprovalRejected; the caller (STS) and the',
    'reason are recorded in the audit log.',
    'Exits 2 when the execution is not waiting for an approval, 1 when the approval timed out or was',
    'already answered.',
  ].join('\n'),
  flags: {
    reason: { type: 'string', placeholder: 'text', description: 'why (recorded in the audit log)' },
    ...jsonFlag,
    ...deploymentFlags,
    ...tableFlag,
  },
  positionals: { min: 1, max: 1, names: '<execution-arn | plan name>' },
};

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, (args) => decide(args, io, deps, 'rejected'));
}
