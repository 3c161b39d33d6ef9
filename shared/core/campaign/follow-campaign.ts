import type { CampaignView } from './campaign-view.ts';
import type { CampaignMachines, CampaignOpsPorts } from './ports.ts';
import { refreshCampaign } from './read-campaign.ts';

/**
 * Reads the campaign every `pollIntervalMs` until its execution ends, handing each changed view to
 * `onChange` (the first one always). Returns the last view. Waits go through the ports' clock.
 */
export async function followCampaign(
  ports: CampaignOpsPorts,
  machines: CampaignMachines,
  executionArn: string,
  opts: { readonly pollIntervalMs: number; onChange(view: CampaignView): void },
): Promise<CampaignView> {
  let last = '';
  for (;;) {
    const view = await refreshCampaign(ports, machines, executionArn);
    const key = JSON.stringify(view);
    if (key !== last) opts.onChange(view);
    last = key;
    if (view.status !== 'RUNNING') return view;
    await ports.clock.sleep(opts.pollIntervalMs);
  }
}
