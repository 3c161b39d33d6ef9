import { type CommandSpec, runCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { versionLine } from '../version.ts';

export const spec: CommandSpec = {
  name: 'version',
  usage: 'version',
  description: 'Print the version of Cutover and of the Node it runs on (also `cutover --version`).',
  flags: {},
  positionals: { min: 0, max: 0, names: '' },
};

export function run(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand(spec, argv, io, async () => {
    io.stdout.write(`${versionLine()}\n`);
    return ExitCode.Ok;
  });
}
