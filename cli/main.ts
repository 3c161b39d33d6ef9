import { closestMatch } from '#plan/problems';
import type { CommandSpec } from './command.ts';
import { CliFailure } from './failure.ts';
import { applyGlobalOptions, extractGlobalOptions, GLOBAL_FLAGS } from './global-options.ts';
import { type CliIo, type CommandRun, ExitCode, processIo } from './io.ts';
import { versionLine } from './version.ts';

/** Every subcommand with its one-line summary; each lives in `cli/commands/<name>.ts` and exports `run`. */
export const commands: ReadonlyArray<{ readonly name: string; readonly summary: string }> = [
  { name: 'validate', summary: 'check a plan offline; print its steps, minimum duration and detection time' },
  {
    name: 'rehearse',
    summary: 'run the real state machine against a simulated AWS account on a virtual clock',
  },
  { name: 'run', summary: 'run a cutover with the local executor against real AWS (--local)' },
  {
    name: 'preview',
    summary: 'read the live router and health; show what each step will set, with warnings',
  },
  { name: 'render', summary: 'print the plan as Step Functions execution input JSON' },
  {
    name: 'start',
    summary: 'start the deployed state machine for a plan (idempotent name); --wait to follow',
  },
  { name: 'status', summary: 'show phase, step, weights and gate verdicts of a cutover' },
  { name: 'watch', summary: 'follow a cutover until it ends' },
  { name: 'approve', summary: 'approve the step a cutover is waiting on (records who and why)' },
  { name: 'reject', summary: 'reject the waiting approval: the cutover rolls back' },
  { name: 'abort', summary: 'roll a running cutover back gracefully (--force stops the execution)' },
  { name: 'schedule', summary: 'schedule a cutover once (--at, --tz) or recurring (--cron)' },
  { name: 'schedules', summary: 'list scheduled cutovers' },
  { name: 'unschedule', summary: 'remove a scheduled cutover' },
  {
    name: 'release',
    summary: "release a router's lease after a human restored it by hand (rollback failed)",
  },
  { name: 'history', summary: 'past cutovers and their outcomes from the audit log' },
  {
    name: 'campaign',
    summary:
      'campaign start|status|watch|abort: many services as one change, on the deployed campaign machine',
  },
  { name: 'completion', summary: 'print the shell completion script (bash, zsh, fish)' },
  { name: 'version', summary: 'print the version of Cutover and Node (also --version)' },
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: cutover <command> [options]   (cutover <command> --help for its flags)',
    '',
    'Moves a service between EC2, ECS and EKS in small, reversible steps by shifting ALB weights.',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'global flags (any command):',
    ...GLOBAL_FLAGS.map((g) => {
      const left = `${g.flag}${'placeholder' in g ? ` <${g.placeholder}>` : ''}`;
      return `  ${left.padEnd(22)}  ${g.description}`;
    }),
    `  ${'--version'.padEnd(22)}  print the version`,
    '',
    'exit codes: 0 success · 1 the cutover did not succeed · 2 invalid input · 3 environment (AWS, credentials)',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${usage()}\n`);
    return name === undefined ? ExitCode.InvalidInput : ExitCode.Ok;
  }
  if (name === '--version') {
    io.stdout.write(`${versionLine()}\n`);
    return ExitCode.Ok;
  }
  if (!commands.some((c) => c.name === name)) {
    const near = closestMatch(
      name,
      commands.map((c) => c.name),
    );
    io.stderr.write(
      `cutover: unknown command '${name}'${near ? `; did you mean '${near}'?` : ''}; allowed: ${commands.map((c) => c.name).join(', ')}; see cutover --help\n`,
    );
    return ExitCode.InvalidInput;
  }
  const module = (await import(`./commands/${name}.ts`)) as { run: CommandRun; spec: CommandSpec };
  let global: ReturnType<typeof extractGlobalOptions>;
  try {
    global = extractGlobalOptions(rest, new Set(Object.keys(module.spec.flags)));
  } catch (error) {
    if (!(error instanceof CliFailure)) throw error;
    io.stderr.write(`cutover ${name}: ${error.message}\n`);
    return error.exitCode;
  }
  return module.run(global.argv, applyGlobalOptions(io, global.options));
}
