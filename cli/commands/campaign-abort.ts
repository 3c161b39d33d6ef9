import { abortCampaign } from '#core/campaign/abort-campaign';
import { locateCampaign } from '#core/campaign/read-campaign';
import {
  booleanFlag,
  type CommandSpec,
  deploymentFlags,
  jsonFlag,
  runCommand,
  stringFlag,
  tableFlag,
} from '../command.ts';
import { type CliIo, ExitCode } from '../io.ts';
import { campaignMachineFlag } from '../ops/campaign-deployment.ts';
import { campaignCall, campaignContext } from '../ops/campaign-ops.ts';
import { CAMPAIGN_EXIT_CODES } from '../ops/campaign-print.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';
import { isExecutionNameOf } from '../ops/execution-name.ts';
import { messageStream, writeJson } from '../ops/output.ts';

export const spec: CommandSpec = {
  name: 'campaign abort',
  usage: 'campaign abort <campaign-execution-arn | campaign name> [--reason <text>] [--force] [--json]',
  description: [
    'Stop a running campaign. It first writes the campaign abort item to the Cutover table: the campaign',
    'starts no further service and no later stage (it ends CampaignAborted, naming who asked and why).',
    'Then every running child cutover is aborted as `cutover abort` does: gracefully (the default),',
    'through the abortRequested flag on its router lease — it rolls back to its snapshot at its next poll',
    'through its own verified rollback; a child that holds no lease yet has written nothing and is stopped.',
    '',
    '--force stops every running child and the campaign (StopExecution) instead; the safety net restores',
    "each router's snapshot within minutes. Use it when the executions themselves are stuck.",
    'The caller (STS) and the reason are recorded in the audit log, once per child.',
  ].join('\n'),
  flags: {
    reason: { type: 'string', placeholder: 'text', description: 'why (recorded in the audit log)' },
    force: { type: 'boolean', description: 'stop the children and the campaign; the safety net restores' },
    ...jsonFlag,
    ...campaignMachineFlag,
    ...deploymentFlags,
    ...tableFlag,
  },
  exitCodes: CAMPAIGN_EXIT_CODES,
  positionals: { min: 1, max: 1, names: '<campaign-execution-arn | campaign name>' },
};

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const json = booleanFlag(args, 'json');
    const force = booleanFlag(args, 'force');
    const reason = stringFlag(args, 'reason') ?? 'no reason given';
    const ref = args.positionals[0] as string;
    const ctx = await campaignContext(args, io, deps);
    const result = await campaignCall(`aborting campaign ${ref}`, async () => {
      const execution = await locateCampaign(ctx.ports, ctx.deployment, ref, isExecutionNameOf);
      return abortCampaign(ctx.ports, ctx.deployment, { execution, reason, force });
    });
    const say = messageStream(io, json);
    say.write(
      `campaign ${result.campaign}: abort ${force ? 'forced' : 'requested'} by ${result.request.by} (${result.request.reason}); no further service starts\n`,
    );
    for (const child of result.children) {
      say.write(
        child.abort === 'requested'
          ? `  ${child.service}: abort requested on its lease; it rolls back to its snapshot at its next poll\n`
          : child.abort === 'stopped'
            ? `  ${child.service}: stopped (${force ? 'forced' : 'it held no lease: nothing written'}); the safety net restores what it wrote\n`
            : `  ${child.service}: its lease changed hands (the safety net took over); see cutover status ${child.executionArn}\n`,
      );
    }
    say.write(`Follow it with cutover campaign watch ${result.executionArn}\n`);
    if (json) writeJson(io, result);
    return ExitCode.Ok;
  });
}
