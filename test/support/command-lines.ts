import type { CommandSpec } from '#cli/command';
import { parseCommandArgs } from '#cli/command';
import { extractGlobalOptions } from '#cli/global-options';
import { commands } from '#cli/main';

/**
 * Words of one shell command line as the shell would pass them: quotes removed, `$VAR` / `${VAR}`
 * replaced from `vars`; a redirection (`>`), a pipe or a comment ends the command.
 */
export function shellWords(line: string, vars: Readonly<Record<string, string>> = {}): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(#.*$|[>|].*$)|(\S+)/g;
  for (const match of line.matchAll(pattern)) {
    if (match[3] !== undefined) break;
    const text = match[1] ?? match[2] ?? match[4] ?? '';
    const expand = match[2] === undefined;
    words.push(
      expand
        ? text.replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (whole, name: string) => vars[name] ?? whole)
        : text,
    );
  }
  return words;
}

/** The arguments given to cutover on a command line (`npx cutover …`, `npm exec --no -- cutover …`). */
export function cutoverArgs(words: readonly string[]): string[] | undefined {
  const at = words.indexOf('cutover');
  return at < 0 ? undefined : words.slice(at + 1);
}

/**
 * Whether the CLI accepts these arguments — the command exists, every flag is one of its own or a
 * global flag, the positionals fit — exactly as it parses them, without running anything.
 * Returns the problem in the CLI's own words, or undefined.
 */
export async function cutoverArgsProblem(args: readonly string[]): Promise<string | undefined> {
  const [name, ...rest] = args;
  if (name === '--help' || name === '--version') return rest.length === 0 ? undefined : 'extra arguments';
  if (!commands.some((c) => c.name === name)) return `unknown command '${name}'`;
  let { spec } = (await import(`../../cli/commands/${name}.ts`)) as { spec: CommandSpec };
  let argv = rest;
  // `campaign start …`: the subcommand's own flags and positionals.
  if (spec.subcommands !== undefined) {
    const [sub, ...subRest] = rest;
    if (sub === undefined || !spec.subcommands.includes(sub)) return `unknown subcommand '${sub}' of ${name}`;
    spec = ((await import(`../../cli/commands/${name}-${sub}.ts`)) as { spec: CommandSpec }).spec;
    argv = subRest;
  }
  try {
    const global = extractGlobalOptions(argv, new Set(Object.keys(spec.flags)));
    parseCommandArgs(spec, global.argv);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
