import { parseArgs } from 'node:util';
import { CampaignInvalidError, PlanInvalidError, ScenarioInvalidError } from '#core/errors';
import { toCliFailure, usageFailure } from './failure.ts';
import type { CliIo } from './io.ts';
import { ExitCode } from './io.ts';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** One line, or several joined by `\n` (continuation lines are indented under the first). */
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
  /**
   * How many positionals the command takes (exactly `min`..`max`); `names` says what they are in
   * the refusal (`expected <names>; got 0`), e.g. `one plan file`.
   */
  readonly positionals: { readonly min: number; readonly max: number; readonly names: string };
  /** Help printed after the flags (e.g. how the command asks questions). */
  readonly notes?: string;
  /** The exit-code line of the help, when the command's codes mean something narrower than the default. */
  readonly exitCodes?: string;
  /** Subcommands (`campaign start|status|…`), for help and shell completion. */
  readonly subcommands?: readonly string[];
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
      'read the state machine, table and scheduler from this CloudFormation stack\n(env CUTOVER_STACK; default: Cutover)',
  },
  region: {
    type: 'string',
    placeholder: 'region',
    description: "AWS region of the stack (default: the ARN's, else AWS_REGION, else the profile's)",
  },
  profile: {
    type: 'string',
    placeholder: 'name',
    description: 'AWS profile from ~/.aws/config and ~/.aws/credentials (env AWS_PROFILE)',
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

const DEFAULT_EXIT_CODES =
  '0 success · 1 the cutover did not succeed · 2 invalid input (nothing sent to AWS) · 3 environment (AWS, credentials)';

export function helpText(spec: CommandSpec): string {
  const rows = [
    ...Object.entries(spec.flags).map(([name, flag]) => [
      `--${name}${flag.type === 'string' ? ` <${flag.placeholder ?? 'value'}>` : ''}`,
      flag.description,
    ]),
    ...('json' in spec.flags
      ? [['--output <json|text>', 'json: the same as --json; text: the default']]
      : []),
    ['-h, --help', 'show this help'],
  ] as const;
  const width = Math.max(...rows.map(([left]) => left.length));
  const indent = ' '.repeat(width + 4);
  return [
    `usage: cutover ${spec.usage}`,
    '',
    spec.description,
    '',
    'flags:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right.split('\n').join(`\n${indent}`)}`),
    ...(spec.notes === undefined ? [] : ['', spec.notes]),
    '',
    `exit codes: ${spec.exitCodes ?? DEFAULT_EXIT_CODES}`,
  ].join('\n');
}

export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs | 'help' {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, flag] of Object.entries(spec.flags)) options[name] = { type: flag.type };
  // The AWS CLI's `--output json|text`, for every command that has --json.
  if ('json' in spec.flags) options.output = { type: 'string' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageFailure(`${flagProblem(error, spec)}; see cutover ${spec.name} --help`);
  }
  const flags = withOutputFlag(parsed.values as Record<string, string | boolean | undefined>, spec);
  if (flags.help) return 'help';
  const { min, max, names } = spec.positionals;
  const found = parsed.positionals;
  if (found.length < min || found.length > max) {
    throw usageFailure(
      `expected ${names || 'no arguments'}; got ${found.length}${found.length === 0 ? '' : ` (${found.map((p) => `'${p}'`).join(' ')})`}; see cutover ${spec.name} --help`,
    );
  }
  return { flags, positionals: found };
}

/** `--output json` is `--json`; `--output text` is the default; anything else is refused. */
function withOutputFlag(
  flags: Record<string, string | boolean | undefined>,
  spec: CommandSpec,
): Record<string, string | boolean | undefined> {
  const { output, ...rest } = flags;
  if (output === undefined) return rest;
  if (output !== 'json' && output !== 'text') {
    throw usageFailure(
      `--output '${String(output)}' is not supported; allowed json, text; see cutover ${spec.name} --help`,
    );
  }
  if (output === 'text' && rest.json === true) {
    throw usageFailure('--output text and --json contradict each other; give one');
  }
  return { ...rest, json: output === 'json' };
}

/** node:util's parse error in one line: what was found and, for an unknown flag, what is allowed. */
function flagProblem(error: unknown, spec: CommandSpec): string {
  const message = error instanceof Error ? error.message : String(error);
  if ((error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const unknown = /^Unknown option '[^']*'/.exec(message)?.[0] ?? (message.split('.')[0] as string);
    const allowed = [...Object.keys(spec.flags).map((name) => `--${name}`), '-h/--help'];
    return `${unknown}; allowed ${allowed.join(', ')}`;
  }
  return message.split('\n').join(' ').replace(/\.$/, '');
}

/**
 * Runs one command: parses flags (exit 2 on bad ones, before any AWS call), prints help, and turns
 * every expected failure into one line on stderr and its exit code: a CliFailure as it says, an
 * invalid plan or scenario 2 (every problem on its own line first), anything AWS or the way to it
 * threw 3. Anything else is a bug in Cutover, not the operator's input or AWS: it is rethrown, so
 * that it surfaces with its stack instead of passing for an AWS problem.
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
    if (
      error instanceof PlanInvalidError ||
      error instanceof ScenarioInvalidError ||
      error instanceof CampaignInvalidError
    ) {
      const kind =
        error instanceof PlanInvalidError
          ? 'plan'
          : error instanceof CampaignInvalidError
            ? 'campaign'
            : 'scenario';
      const count = error.problems.length;
      for (const line of error.problems) io.stderr.write(`${line}\n`);
      io.stderr.write(
        `cutover ${spec.name}: ${kind} invalid (${count} problem${count === 1 ? '' : 's'}); nothing was run\n`,
      );
      return ExitCode.InvalidInput;
    }
    const failure = toCliFailure(error, spec.name); // rethrows a bug

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

/**
 * A whole-number flag within `min`..`max` (no upper bound without `max`), or undefined when absent;
 * anything else is a usage failure naming the flag, what was given and what is allowed.
 */
export function integerFlag(
  args: ParsedArgs,
  name: string,
  range: { readonly min: number; readonly max?: number },
): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const { min, max = Number.MAX_SAFE_INTEGER } = range;
  const allowed = range.max === undefined ? `a whole number ≥ ${min}` : `a whole number ${min}–${max}`;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw usageFailure(`--${name} ${JSON.stringify(text)}: not a whole number; allowed ${allowed}`);
  }
  if (value < min || value > max) {
    throw usageFailure(`--${name} ${JSON.stringify(text)}: out of range; allowed ${allowed}`);
  }
  return value;
}
