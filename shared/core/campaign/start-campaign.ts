import { campaignExecutionInput } from '#campaign/stages';
import type { ResolvedCampaign } from '#campaign/types';
import { canonicalJson } from '../canonical-json.ts';
import type { CampaignView } from './campaign-view.ts';
import type { CampaignMachines, CampaignOpsPorts } from './ports.ts';
import { readCampaign } from './read-campaign.ts';

/** How an execution is named from a name and the canonical JSON of its input (`<name>-<16 hex>`). */
export type NameFor = (name: string, canonicalInput: string) => string;

export interface StartCampaignResult {
  /** `started` now, `attached` to the running execution of this campaign, or it `already_ended`. */
  readonly start: 'started' | 'attached' | 'already_ended';
  readonly executionArn: string;
  readonly executionName: string;
  readonly campaignStateMachineArn: string;
  readonly campaign: string;
  /** The campaign as it is now (for an attached or ended one), each service's child included. */
  readonly view: CampaignView | null;
}

/**
 * Starts the campaign state machine once for this campaign: the execution is named after the
 * campaign and a hash of its input, so a re-run pipeline attaches to the running campaign (and a
 * child, named as `cutover start` names its plan, attaches to its running cutover) instead of
 * starting a second writer. A campaign that already ended under this name is reported, not re-run.
 */
export async function startCampaign(
  ports: CampaignOpsPorts,
  machines: CampaignMachines,
  req: { readonly campaign: ResolvedCampaign; readonly nameFor: NameFor },
): Promise<StartCampaignResult> {
  const input = campaignExecutionInput(req.campaign, (service) =>
    req.nameFor(service.plan.name, canonicalJson(service.planDocument)),
  );
  const text = canonicalJson(input);
  const executionName = req.nameFor(req.campaign.name, text);
  const outcome = await ports.executions.startOnce({
    stateMachineArn: machines.campaignStateMachineArn,
    name: executionName,
    input: text,
  });
  const common = {
    executionName,
    campaignStateMachineArn: machines.campaignStateMachineArn,
    campaign: req.campaign.name,
  };
  if (outcome.kind === 'started') {
    return { ...common, start: 'started', executionArn: outcome.executionArn, view: null };
  }
  const view = await readCampaign(ports, machines, outcome.execution);
  return {
    ...common,
    start: outcome.kind === 'attached' ? 'attached' : 'already_ended',
    executionArn: outcome.execution.executionArn,
    view,
  };
}
