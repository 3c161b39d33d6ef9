import { locateCampaign, readCampaign } from '#core/campaign/read-campaign';
import { booleanFlag, type ParsedArgs } from '../command.ts';
import type { CliIo } from '../io.ts';
import { followAndPrint } from './campaign-follow.ts';
import { campaignCall, campaignContext } from './campaign-ops.ts';
import { campaignExitCode, campaignLines } from './campaign-print.ts';
import type { OpsDeps } from './deps.ts';
import { isExecutionNameOf } from './execution-name.ts';
import { messageStream, writeJson } from './output.ts';

/** `campaign status` (once) and `campaign watch` (follow to the end): the same view. */
export async function observeCampaign(
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
  mode: 'once' | 'follow',
): Promise<number> {
  const json = booleanFlag(args, 'json');
  const ref = args.positionals[0] as string;
  const ctx = await campaignContext(args, io, deps);
  const execution = await campaignCall(`finding campaign ${ref}`, () =>
    locateCampaign(ctx.ports, ctx.deployment, ref, isExecutionNameOf),
  );
  const view =
    mode === 'follow'
      ? await followAndPrint(ctx, execution.executionArn, messageStream(io, json), deps)
      : await campaignCall(`reading campaign ${execution.executionArn}`, () =>
          readCampaign(ctx.ports, ctx.deployment, execution),
        );
  if (json) writeJson(io, view);
  else if (mode === 'once') io.stdout.write(`${campaignLines(view).join('\n')}\n`);
  return campaignExitCode(view);
}
