import type { CampaignView } from '#core/campaign/campaign-view';
import { followCampaign } from '#core/campaign/follow-campaign';
import type { CampaignOpsPorts } from '#core/campaign/ports';
import type { CampaignDeployment } from './campaign-deployment.ts';
import { campaignCall } from './campaign-ops.ts';
import { campaignChanges, campaignLines, campaignOutcomeLine } from './campaign-print.ts';
import type { OpsDeps } from './deps.ts';

/**
 * Follows a campaign to its end (watch, start --wait): the whole campaign first, then one line per
 * service that changed state, then the outcome. Plain lines, on a terminal too: a campaign runs for
 * hours and its changes are worth keeping in the scrollback.
 */
export async function followAndPrint(
  ctx: { readonly deployment: CampaignDeployment; readonly ports: CampaignOpsPorts },
  executionArn: string,
  say: { write(text: string): void },
  deps: OpsDeps,
): Promise<CampaignView> {
  let previous: CampaignView | undefined;
  const view = await campaignCall(`following ${executionArn}`, () =>
    followCampaign(ctx.ports, ctx.deployment, executionArn, {
      pollIntervalMs: deps.pollIntervalMs,
      onChange: (next) => {
        const lines = previous ? campaignChanges(previous, next) : campaignLines(next);
        if (lines.length > 0) say.write(`${lines.join('\n')}\n`);
        previous = next;
      },
    }),
  );
  say.write(`${campaignOutcomeLine(view)}\n`);
  return view;
}
