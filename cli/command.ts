import { parseArgs } from 'node:util';
import { ErrorName } from '../shared/core/errors.ts';
import { CliFailure, toCliFailure, usageFailure } from './failure.ts';
import type { CliIo } from './io.ts';
import { ExitCode } from './io.ts';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Shown in help as `--flag <placeholder>`. */
  readonly placeholder?: string;
}

export interface CommandSpec {
  readonly name: string;
  /** `start <plan> [--wait] [--json]` */
  readonly usage: string;
  /** A few lines on what the command does and what it exits with. */
  readonly description: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** How many positionals the command takes (exactly `min`..`max`). */
  readonly positionals: { readonly min: number; readonly max: number; readonly names: string };
}

export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

export interface ParsedArgs {
  readonly flags: FlagValues;
  readonly positionals: readonly string[];
}

/** Flags that say which deployment to talk to; shared by every command that calls AWS. */
export const deploymentFlags: Readonly<Record<string, FlagSpec>> = {
  'state-machine-arn': {
    type: 'string',
    placeholder: 'arn',
    description: 'the Cutover state machine (env CUTOVER_STATE_MACHINE_ARN)',
  },
  stack: {
    type: 'string',
    placeholder: 'name',
    description:
      'read the state machine, table and scheduler from this CloudFormation stack (env CUTOVER_STACK)',
  },
  region: {
    type: 'string',
    placeholder: 'region',
    description: 'AWS region of the stack (default: AWS_REGION / AWS_DEFAULT_REGION, else the ARN)',
  },
};

export const tableFlag: Readonly<Record<string, FlagSpec>> = {
  table: {
    type: 'string',
    placeholder: 'name',
    description: 'the Cutover DynamoDB table (env CUTOVER_TABLE_NAME; default: the stack output TableName)',
  },
};

export const jsonFlag: Readonly<Record<string, FlagSpec>> = {
  json: { type: 'boolean', description: 'print one JSON document on stdout (the last thing printed)' },
};

export function helpText(spec: CommandSpec): string {
  const flags = { ...spec.flags, help: { type: 'boolean', description: 'show this help' } as FlagSpec };
  const rows = Object.entries(flags).map(([name, flag]) => [
    `--${name}${flag.type === 'string' ? ` <${flag.placeholder ?? 'value'}>` : ''}`,
    flag.description,
  ]);
  const width = Math.max(...rows.map(([left]) => (left ?? '').length));
  return [
    `usage: cutover ${spec.usage}`,
    '',
    spec.description,
    '',
    'flags:',
    ...rows.map(([left, right]) => `  ${(left ?? '').padEnd(width)}  ${right}`),
    '',
    'exit codes: 0 success · 1 the cutover did not succeed · 2 invalid input (nothing sent to AWS) · 3 environment (AWS, credentials)',
  ].join('\n');
}

export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs | 'help' {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const [name, flag] of Object.entries(spec.flags)) options[name] = { type: flag.type };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageFailure(`${(error as Error).message.split('\n')[0]}; see cutover ${spec.name} --help`);
  }
  const flags = parsed.values as Record<string, string | boolean | undefined>;
  if (flags.help) return 'help';
  const { min, max, names } = spec.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw usageFailure(
      `expected ${names || 'no arguments'}, got ${parsed.positionals.length === 0 ? 'none' : parsed.positionals.map((p) => `'${p}'`).join(' ')}; see cutover ${spec.name} --help`,
    );
  }
  return { flags, positionals: parsed.positionals };
}

/**
 * Runs one command: parses flags (exit 2 on bad ones, before any AWS call), prints help, and turns
 * every failure into one line on stderr and its exit code.
 */
export async function runCommand(
  spec: CommandSpec,
  argv: readonly string[],
  io: CliIo,
  body: (args: ParsedArgs) => Promise<number>,
): Promise<number> {
  try {
    const args = parseCommandArgs(spec, argv);
    if (args === 'help') {
      io.stdout.write(`${helpText(spec)}\n`);
      return ExitCode.Ok;
    }
    return await body(args);
  } catch (error) {
    const failure =
      error instanceof CliFailure
        ? error
        : error instanceof Error && error.name === ErrorName.PlanInvalid
          ? usageFailure(error.message)
          : toCliFailure(error, spec.name);
    io.stderr.write(`cutover ${spec.name}: ${failure.message}\n`);
    return failure.exitCode;
  }
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}

/** A positive integer flag, or a usage failure naming the flag. */
export function integerFlag(args: ParsedArgs, name: string, fallback: number, max: number): number {
  const text = stringFlag(args, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw usageFailure(`--${name}: expected a whole number 1–${max}; got '${text}'`);
  }
  return value;
}
