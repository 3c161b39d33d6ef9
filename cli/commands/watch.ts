import { type CommandSpec, deploymentFlags, jsonFlag, runCommand, tableFlag } from '../command.ts';
import type { CliIo } from '../io.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';
import { observeCommand } from '../ops/observe-command.ts';

export const spec: CommandSpec = {
  name: 'watch',
  usage: 'watch <execution-arn | plan name> [--json]',
  description: [
    'Follow a cutover until it ends: step, weights, gate verdicts, time in step and bake time left,',
    'redrawn in place on a terminal and as plain lines (one per change) otherwise. Approvals and pauses',
    'are shown with the command that answers them.',
    'Exits 0 when the cutover succeeded, 1 when it rolled back, was rejected, failed or was stopped.',
  ].join('\n'),
  flags: { ...jsonFlag, ...deploymentFlags, ...tableFlag },
  positionals: { min: 1, max: 1, names: '<execution-arn | plan name>' },
};

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, (args) => observeCommand(args, io, deps, 'follow'));
}
