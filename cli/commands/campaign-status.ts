import { type CommandSpec, deploymentFlags, jsonFlag, runCommand, tableFlag } from '../command.ts';
import type { CliIo } from '../io.ts';
import { campaignMachineFlag } from '../ops/campaign-deployment.ts';
import { observeCampaign } from '../ops/campaign-observe.ts';
import { CAMPAIGN_EXIT_CODES } from '../ops/campaign-print.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';

export const spec: CommandSpec = {
  name: 'campaign status',
  usage: 'campaign status <campaign-execution-arn | campaign name> [--json]',
  description: [
    'Show where a campaign is: each stage (done, running, waiting, never started) and each service with',
    'its child cutover (running, succeeded, rolled_back, rejected, failed, aborted, not_started) and the',
    'error that ended it; why the campaign halted; and an abort asked for (when the table is known).',
    'A campaign name finds its running execution, else its most recent one.',
    'Exits 0 while running or after success, 1 when the campaign ended without success.',
  ].join('\n'),
  flags: { ...jsonFlag, ...campaignMachineFlag, ...deploymentFlags, ...tableFlag },
  exitCodes: CAMPAIGN_EXIT_CODES,
  positionals: { min: 1, max: 1, names: '<campaign-execution-arn | campaign name>' },
};

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, (args) => observeCampaign(args, io, deps, 'once'));
}
