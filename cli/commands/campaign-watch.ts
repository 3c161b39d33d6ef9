import { type CommandSpec, deploymentFlags, jsonFlag, runCommand, tableFlag } from '../command.ts';
import type { CliIo } from '../io.ts';
import { campaignMachineFlag } from '../ops/campaign-deployment.ts';
import { observeCampaign } from '../ops/campaign-observe.ts';
import { CAMPAIGN_EXIT_CODES } from '../ops/campaign-print.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';

export const spec: CommandSpec = {
  name: 'campaign watch',
  usage: 'campaign watch <campaign-execution-arn | campaign name> [--json]',
  description: [
    'Follow a campaign until it ends: the whole campaign first, then one line per service whose child',
    'cutover changes state (with the error that ended it), then the outcome and why it halted.',
    'Exits 0 when every service succeeded, 1 when the campaign halted, was aborted or ended incomplete.',
  ].join('\n'),
  flags: { ...jsonFlag, ...campaignMachineFlag, ...deploymentFlags, ...tableFlag },
  exitCodes: CAMPAIGN_EXIT_CODES,
  positionals: { min: 1, max: 1, names: '<campaign-execution-arn | campaign name>' },
};

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, (args) => observeCampaign(args, io, deps, 'follow'));
}
