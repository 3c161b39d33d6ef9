import type { CampaignService, ResolvedCampaign } from './types.ts';

/**
 * The order the campaign state machine runs services in: waves in order, each wave split into
 * stages by `after` (a service runs in the stage after the last of its dependencies). Pure.
 */
export function campaignStages(campaign: ResolvedCampaign): CampaignService[][] {
  const stages: CampaignService[][] = [];
  const waves = [...new Set(campaign.services.map((service) => service.wave))].sort((a, b) => a - b);
  for (const wave of waves) {
    const inWave = campaign.services.filter((service) => service.wave === wave);
    const level = new Map<string, number>();
    const levelOf = (service: CampaignService): number => {
      const known = level.get(service.name);
      if (known !== undefined) return known;
      // Dependencies in earlier waves are already done when this wave starts.
      const deps = inWave.filter((other) => service.after.includes(other.name));
      const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(levelOf));
      level.set(service.name, value);
      return value;
    };
    const byLevel: CampaignService[][] = [];
    for (const service of inWave) {
      const index = levelOf(service);
      byLevel[index] = [...(byLevel[index] ?? []), service];
    }
    stages.push(...byLevel.filter((stage) => stage.length > 0));
  }
  return stages;
}

/** A child execution name: the same name `cutover start` gives the plan, so both land on one execution. */
export type ChildName = (service: CampaignService) => string;

/** The campaign state machine's execution input (state-machines/campaign.asl.json). */
export interface CampaignExecutionInput {
  readonly campaign: string;
  readonly maxConcurrent: number;
  readonly haltAfter: number;
  readonly abortAll: boolean;
  readonly stages: readonly (readonly {
    readonly name: string;
    readonly plan: Readonly<Record<string, unknown>>;
    readonly executionName: string;
  }[])[];
}

export function campaignExecutionInput(
  campaign: ResolvedCampaign,
  childName: ChildName,
): CampaignExecutionInput {
  return {
    campaign: campaign.name,
    maxConcurrent: campaign.maxConcurrent,
    haltAfter: campaign.failurePolicy.haltAfter,
    abortAll: campaign.failurePolicy.abortAll,
    stages: campaignStages(campaign).map((stage) =>
      stage.map((service) => ({
        name: service.name,
        plan: service.planDocument,
        executionName: childName(service),
      })),
    ),
  };
}
