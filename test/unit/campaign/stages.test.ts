import { describe, expect, it } from 'vitest';
import { resolveCampaign } from '#campaign/resolve';
import { campaignExecutionInput, campaignStages } from '#campaign/stages';
import type { ResolvedCampaign } from '#campaign/types';
import { campaignDocument } from './fixture.ts';

function campaign(overrides: Record<string, unknown> = {}): ResolvedCampaign {
  const result = resolveCampaign(campaignDocument(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.campaign;
}
const names = (c: ResolvedCampaign) => campaignStages(c).map((stage) => stage.map((service) => service.name));

describe('campaignStages', () => {
  it('runs waves in order', () => {
    expect(names(campaign())).toEqual([['alpha', 'beta'], ['gamma']]);
  });

  it('splits a wave by `after`: a service runs in the stage after its dependencies', () => {
    const services = (campaignDocument().services as Record<string, unknown>[]).map((service, index) =>
      index === 1 ? { ...service, after: ['alpha'] } : index === 2 ? { ...service, wave: 1 } : service,
    );
    expect(names(campaign({ services }))).toEqual([['alpha', 'gamma'], ['beta']]);
  });

  it('ignores dependencies on earlier waves (they have ended when the wave starts)', () => {
    const services = (campaignDocument().services as Record<string, unknown>[]).map((service, index) =>
      index === 2 ? { ...service, after: ['alpha'] } : service,
    );
    expect(names(campaign({ services }))).toEqual([['alpha', 'beta'], ['gamma']]);
  });
});

describe('campaignExecutionInput', () => {
  it('carries the policy and, per stage, each plan with its child execution name', () => {
    const input = campaignExecutionInput(
      campaign({ maxConcurrent: 3 }),
      (service) => `${service.plan.name}-x`,
    );
    expect(input).toMatchObject({ campaign: 'test-fleet', maxConcurrent: 3, haltAfter: 1, abortAll: true });
    expect(input.stages[1]?.[0]).toMatchObject({ name: 'gamma', executionName: 'gamma-vm-to-ecs-x' });
    expect(input.stages[0]?.[0]?.plan).toMatchObject({ name: 'alpha-vm-to-ecs', from: 'vm', to: 'ecs' });
  });
});
