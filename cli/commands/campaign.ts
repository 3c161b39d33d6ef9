import { closestMatch } from '#plan/problems';
import { type CommandSpec, helpText } from '../command.ts';
import { type CliIo, ExitCode } from '../io.ts';
import { CAMPAIGN_EXIT_CODES } from '../ops/campaign-print.ts';
import type { OpsDeps } from '../ops/deps.ts';
import { spec as abortSpec } from './campaign-abort.ts';
import { spec as startSpec } from './campaign-start.ts';
import { spec as statusSpec } from './campaign-status.ts';
import { spec as watchSpec } from './campaign-watch.ts';

/** The campaign subcommands against the deployed campaign state machine; each in `campaign-<name>.ts`. */
const SUBCOMMANDS: readonly CommandSpec[] = [startSpec, statusSpec, watchSpec, abortSpec];
const subName = (spec: CommandSpec): string => spec.name.replace(/^campaign /, '');

export const spec: CommandSpec = {
  name: 'campaign',
  usage: 'campaign <start|status|watch|abort> …',
  description: [
    'Run a campaign (many services as one change) on the deployed campaign state machine:',
    ...SUBCOMMANDS.map((s) => `  cutover ${s.usage}`),
    'See cutover campaign <subcommand> --help. (validate, rehearse and render take a campaign file as they take a plan.)',
  ].join('\n'),
  // Every subcommand's flags, so global options and completion know them.
  flags: Object.assign({}, ...SUBCOMMANDS.map((s) => s.flags)),
  positionals: { min: 1, max: 2, names: '<start|status|watch|abort> <argument>' },
  subcommands: SUBCOMMANDS.map(subName),
  exitCodes: CAMPAIGN_EXIT_CODES,
};

export async function run(argv: readonly string[], io: CliIo, deps?: OpsDeps): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(`${helpText(spec)}\n`);
    return sub === undefined ? ExitCode.InvalidInput : ExitCode.Ok;
  }
  const names = SUBCOMMANDS.map(subName);
  if (!names.includes(sub)) {
    const near = closestMatch(sub, names);
    io.stderr.write(
      `cutover campaign: unknown subcommand '${sub}'${near ? `; did you mean '${near}'?` : ''}; allowed: ${names.join(', ')}\n`,
    );
    return ExitCode.InvalidInput;
  }
  const module = (await import(`./campaign-${sub}.ts`)) as {
    run(argv: readonly string[], io: CliIo, deps?: OpsDeps): Promise<number>;
  };
  return deps === undefined ? module.run(rest, io) : module.run(rest, io, deps);
}
