import { loadCampaign } from '#campaign/load';
import { campaignExecutionInput } from '#campaign/stages';
import { canonicalJson } from '#core/canonical-json';
import { type CliIo, ExitCode } from '../io.ts';
import { executionName } from '../ops/execution-name.ts';
import { pathIn } from './campaign-file.ts';

/**
 * `cutover render <campaign.yaml>`: the campaign state machine's execution input. Each child is
 * named as `cutover start` names its plan, so a campaign re-run (or a single `cutover start` of
 * one of its plans) attaches to the same execution instead of starting a second writer.
 */
export async function renderCampaignInput(file: string, io: CliIo): Promise<number> {
  const campaign = await loadCampaign(pathIn(io.cwd, file), file);
  const input = campaignExecutionInput(campaign, (service) =>
    executionName(service.plan.name, canonicalJson(service.planDocument)),
  );
  io.stdout.write(`${JSON.stringify(input, null, 2)}\n`);
  return ExitCode.Ok;
}
