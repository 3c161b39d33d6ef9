import { type CommandSpec, deploymentFlags, jsonFlag, runCommand, tableFlag } from '../command.ts';
import type { CliIo } from '../io.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';
import { observeCommand } from '../ops/observe-command.ts';

export const spec: CommandSpec = {
  name: 'status',
  usage: 'status <execution-arn | plan name> [--json]',
  description: [
    'Show where a cutover is: its phase (the state it is in), step, the weights it last wrote, the last',
    'gate verdicts, an approval waiting, an abort requested, and the router lease it holds (when the',
    'table is known: --table, CUTOVER_TABLE_NAME or the stack outputs).',
    'A plan name finds the running execution of that plan, else its most recent one.',
    'Exits 0 while running or after success, 1 when the cutover ended without success.',
  ].join('\n'),
  flags: { ...jsonFlag, ...deploymentFlags, ...tableFlag },
  positionals: { min: 1, max: 1, names: '<execution-arn | plan name>' },
};

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, (args) => observeCommand(args, io, deps, 'once'));
}
