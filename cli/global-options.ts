import { usageFailure } from './failure.ts';
import type { CliIo } from './io.ts';

/**
 * Options every command takes, anywhere on the line, as the AWS CLI's global options:
 * `--profile` (AWS_PROFILE), `--region` (AWS_REGION, for commands without a `--region` of their own),
 * `--no-color` (NO_COLOR). They act through the environment the AWS SDK's own loaders read, so the
 * profile's region, SSO session and credentials resolve exactly as for the AWS CLI.
 */
export const GLOBAL_FLAGS = [
  { flag: '--profile', placeholder: 'name', description: 'AWS profile from ~/.aws/config (env AWS_PROFILE)' },
  {
    flag: '--region',
    placeholder: 'region',
    description: "AWS region where no ARN says it (env AWS_REGION, else the profile's)",
  },
  {
    flag: '--output',
    placeholder: 'json|text',
    description: 'json is --json; text is the default (commands with --json)',
  },
  { flag: '--no-color', description: 'no colours or cursor movement (env NO_COLOR)' },
] as const;

export interface GlobalOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly noColor: boolean;
}

/**
 * Takes the global options out of a command's arguments. `--region` stays with a command that
 * declares it (it names the stack's region there); `--output` is left to the command's parser.
 */
export function extractGlobalOptions(
  argv: readonly string[],
  commandFlags: ReadonlySet<string>,
): { readonly argv: string[]; readonly options: GlobalOptions } {
  const rest: string[] = [];
  const found: { profile?: string; region?: string; noColor: boolean } = { noColor: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--no-color') {
      found.noColor = true;
      continue;
    }
    const [flag, inline] = arg.startsWith('--') ? splitOnce(arg) : [arg, undefined];
    const name = flag.slice(2) as 'profile' | 'region';
    if (flag !== '--profile' && (flag !== '--region' || commandFlags.has('region'))) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (inline === undefined) i++;
    if (value === undefined || value === '' || value.startsWith('-')) {
      throw usageFailure(
        `${flag} needs a value; got ${value === undefined ? 'nothing' : `'${value}'`}; e.g. ${flag} ${name === 'profile' ? 'prod' : 'ap-northeast-1'}`,
      );
    }
    found[name] = value;
  }
  return { argv: rest, options: found };
}

function splitOnce(arg: string): [string, string | undefined] {
  const at = arg.indexOf('=');
  return at < 0 ? [arg, undefined] : [arg.slice(0, at), arg.slice(at + 1)];
}

/**
 * The io a command runs with: the profile and region in its environment, and with colour off
 * (NO_COLOR set to anything non-empty, --no-color, TERM=dumb) a stdout that is not a TTY, so output
 * is plain lines without escape codes. The SDK reads the process environment, so a real run
 * (io.env is process.env) sets them there too.
 */
export function applyGlobalOptions(io: CliIo, options: GlobalOptions): CliIo {
  const overrides: Record<string, string> = {};
  if (options.profile !== undefined) overrides.AWS_PROFILE = options.profile;
  if (options.region !== undefined) overrides.AWS_REGION = options.region;
  if (options.noColor) overrides.NO_COLOR = '1';
  if (io.env === process.env) Object.assign(process.env, overrides);
  const env = io.env === process.env ? io.env : { ...io.env, ...overrides };
  const plain = Boolean(env.NO_COLOR) || env.TERM === 'dumb';
  if (!plain) return { ...io, env };
  const stdout = io.stdout;
  return { ...io, env, stdout: { write: (text: string) => stdout.write(text), isTTY: false } };
}
