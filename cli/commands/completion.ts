import { type CommandSpec, runCommand } from '../command.ts';
import { completionScript, loadCompletionCommands, SHELLS, type Shell } from '../completion.ts';
import { usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';

export const spec: CommandSpec = {
  name: 'completion',
  usage: 'completion bash|zsh|fish',
  description: [
    'Print the shell completion script for cutover: commands, their flags, files for arguments.',
    '  bash  source <(cutover completion bash)            (in ~/.bashrc)',
    '  zsh   source <(cutover completion zsh)             (in ~/.zshrc)',
    '  fish  cutover completion fish > ~/.config/fish/completions/cutover.fish',
  ].join('\n'),
  flags: {},
  positionals: { min: 1, max: 1, names: 'one shell (bash, zsh or fish)' },
};

export function run(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand(spec, argv, io, async ({ positionals }) => {
    const shell = positionals[0] as string;
    if (!(SHELLS as readonly string[]).includes(shell)) {
      throw usageFailure(`shell '${shell}' is not supported; allowed ${SHELLS.join(', ')}`);
    }
    io.stdout.write(completionScript(shell as Shell, await loadCompletionCommands()));
    return ExitCode.Ok;
  });
}
