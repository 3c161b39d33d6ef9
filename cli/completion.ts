import type { CommandSpec } from './command.ts';
import { GLOBAL_FLAGS } from './global-options.ts';
import { commands } from './main.ts';

/** What a completion script needs of one command: its name, summary and flags. */
export interface CompletionCommand {
  readonly name: string;
  readonly summary: string;
  readonly spec: CommandSpec;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** Every command with its flags (each module under commands/ exports its spec). */
export async function loadCompletionCommands(): Promise<CompletionCommand[]> {
  return Promise.all(
    commands.map(async (c) => {
      const module = (await import(`./commands/${c.name}.ts`)) as { spec: CommandSpec };
      return { ...c, spec: module.spec };
    }),
  );
}
export type Shell = (typeof SHELLS)[number];

const flagsOf = (command: CompletionCommand): string[] => [
  ...Object.keys(command.spec.flags).map((name) => `--${name}`),
  ...('json' in command.spec.flags ? ['--output'] : []),
  ...GLOBAL_FLAGS.map((g) => g.flag).filter((f) => f !== '--output'),
  '--help',
];

const unique = (flags: string[]): string[] => [...new Set(flags)];

/** Shell completion for `cutover`: commands, then each command's flags; files for arguments. */
export function completionScript(shell: Shell, commands: readonly CompletionCommand[]): string {
  switch (shell) {
    case 'bash':
      return bashScript(commands);
    case 'zsh':
      // zsh runs the bash completion through bashcompinit, as the AWS CLI's zsh completer does.
      return [
        '# cutover completion for zsh; add to ~/.zshrc: source <(cutover completion zsh)',
        'autoload -U +X compinit && compinit',
        'autoload -U +X bashcompinit && bashcompinit',
        bashScript(commands, false),
      ].join('\n');
    case 'fish':
      return fishScript(commands);
  }
}

function bashScript(commands: readonly CompletionCommand[], header = true): string {
  const cases = commands.map((c) => `    ${c.name}) flags="${unique(flagsOf(c)).join(' ')}" ;;`);
  return [
    ...(header ? ['# cutover completion for bash; add to ~/.bashrc: source <(cutover completion bash)'] : []),
    '_cutover() {',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not a template
    '  local cur="${COMP_WORDS[COMP_CWORD]}" flags=""',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(' ')} --help --version" -- "$cur"))`,
    '    return',
    '  fi',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not a template
    '  case "${COMP_WORDS[1]}" in',
    ...cases,
    '  esac',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not a template
    '  case "${COMP_WORDS[COMP_CWORD-1]}" in',
    '    --output) COMPREPLY=($(compgen -W "json text" -- "$cur")); return ;;',
    '    completion) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); return ;;',
    ...commands
      .filter((c) => c.spec.subcommands !== undefined)
      .map(
        (c) =>
          `    ${c.name}) COMPREPLY=($(compgen -W "${(c.spec.subcommands ?? []).join(' ')}" -- "$cur")); return ;;`,
      ),
    '  esac',
    '  if [[ "$cur" == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$flags" -- "$cur"))',
    '  else',
    '    COMPREPLY=($(compgen -f -- "$cur"))',
    '  fi',
    '}',
    'complete -o filenames -F _cutover cutover',
    '',
  ].join('\n');
}

const fishQuote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishScript(commands: readonly CompletionCommand[]): string {
  const lines = [
    '# cutover completion for fish; save as ~/.config/fish/completions/cutover.fish',
    '# (cutover completion fish > ~/.config/fish/completions/cutover.fish)',
    'complete -c cutover -f',
    "complete -c cutover -n '__fish_use_subcommand' -l version -d 'print the version'",
  ];
  for (const c of commands) {
    lines.push(`complete -c cutover -n '__fish_use_subcommand' -a ${c.name} -d ${fishQuote(c.summary)}`);
    const seen = `'__fish_seen_subcommand_from ${c.name}'`;
    for (const [name, flag] of Object.entries(c.spec.flags)) {
      const firstLine = flag.description.split('\n')[0] ?? '';
      lines.push(
        `complete -c cutover -n ${seen} -l ${name}${flag.type === 'string' ? ' -r' : ''} -d ${fishQuote(firstLine)}`,
      );
    }
    if ('json' in c.spec.flags) {
      lines.push(`complete -c cutover -n ${seen} -l output -x -a 'json text' -d 'json is --json'`);
    }
    lines.push(`complete -c cutover -n ${seen} -F`);
  }
  for (const g of GLOBAL_FLAGS.filter((g) => g.flag !== '--output')) {
    const takesValue = 'placeholder' in g;
    lines.push(
      `complete -c cutover -n 'not __fish_use_subcommand' -l ${g.flag.slice(2)}${takesValue ? ' -r' : ''} -d ${fishQuote(g.description)}`,
    );
  }
  for (const c of commands.filter((c) => c.spec.subcommands !== undefined)) {
    lines.push(
      `complete -c cutover -n '__fish_seen_subcommand_from ${c.name}' -a ${fishQuote((c.spec.subcommands ?? []).join(' '))}`,
    );
  }
  lines.push("complete -c cutover -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'", '');
  return lines.join('\n');
}
