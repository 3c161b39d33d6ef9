import { describe, expect, it } from 'vitest';
import { loadCampaign, resolveCampaignDocument } from '#campaign/load';
import { type CampaignRehearsal, rehearseCampaign } from '#local/campaign/run-campaign';
import { loadCampaignScenario, resolveCampaignScenario } from '#local/campaign/scenario';
import { campaignDocument } from '#test/unit/campaign/fixture';

const EXAMPLE = 'examples/campaigns/crawler-fleet.yaml';
const outcomes = (result: CampaignRehearsal) =>
  Object.fromEntries(result.summary.services.map((s) => [s.name, s.outcome]));

async function rehearseExample(scenarioFile: string): Promise<CampaignRehearsal> {
  const campaign = await loadCampaign(EXAMPLE);
  return rehearseCampaign({ campaign, scenario: await loadCampaignScenario(scenarioFile, campaign) });
}

function rehearseFixture(overrides: Record<string, unknown>, scenario: Record<string, unknown> = {}) {
  const campaign = resolveCampaignDocument(campaignDocument(overrides));
  return rehearseCampaign({ campaign, scenario: resolveCampaignScenario(scenario, campaign, '(test)') });
}

describe('campaign rehearsal (real state machine per service, one shared clock and ELB account)', () => {
  it('healthy.yaml keeps its promise: every service succeeds, within the ELB budget, no throttles', async () => {
    const result = await rehearseExample('examples/campaigns/scenarios/healthy.yaml');
    const { summary } = result;
    expect(summary.outcome).toBe('succeeded');
    expect(new Set(Object.values(outcomes(result)))).toEqual(new Set(['succeeded']));
    for (const service of summary.services) expect(service.finalWeights).toEqual({ vm: 0, ecs: 100 });
    expect(summary.throttles).toBe(0);
    expect(summary.peakElbWritesPerSecond).toBeLessThanOrEqual(summary.elbApiBudget.modify.burst);
    expect(summary.peakElbReadsPerSecond).toBeLessThanOrEqual(summary.elbApiBudget.describe.burst);
    // Cutovers overlap inside each stage: 4 stages (wave 3 split by `after`) take about four
    // cutovers' time, not twelve; each wave starts only once the one before it has ended.
    const starts = summary.waves.map((w) => w.startedAtSeconds);
    expect(starts[0]).toBe(0);
    expect(starts).toEqual([...starts].sort((a, b) => (a ?? 0) - (b ?? 0)));
    const longest = Math.max(
      ...summary.services.map((s) => (s.endedAtSeconds ?? 0) - (s.startedAtSeconds ?? 0)),
    );
    expect(summary.durationSeconds).toBeLessThanOrEqual(4 * longest);
    const byName = new Map(summary.services.map((s) => [s.name, s]));
    expect(byName.get('linkgraph')?.startedAtSeconds).toBeGreaterThanOrEqual(
      byName.get('renderer')?.endedAtSeconds ?? Number.POSITIVE_INFINITY,
    );
  }, 120_000);

  it('two-rollbacks.yaml keeps its promise: halts per haltAfter 2, wave 3 never starts, rolled-back services at their snapshot', async () => {
    const result = await rehearseExample('examples/campaigns/scenarios/two-rollbacks.yaml');
    const { summary } = result;
    expect(summary.outcome).toBe('halted');
    expect(summary.halt?.reason).toMatch(
      /^2 services did not succeed \(haltAfter 2\); stopped after stage 2 of 4/,
    );
    const byName = new Map(summary.services.map((s) => [s.name, s]));
    for (const name of ['ranker', 'dedup']) {
      const service = byName.get(name);
      expect(service?.outcome).toBe('rolled_back');
      expect(service?.finalWeights).toEqual(service?.startWeights);
    }
    // The other wave-2 services were running when the campaign halted: they finish.
    expect([byName.get('robots')?.outcome, byName.get('sitemap')?.outcome]).toEqual([
      'succeeded',
      'succeeded',
    ]);
    const wave3 = summary.services.filter((s) => s.wave === 3);
    expect(wave3.map((s) => s.outcome)).toEqual(['not_started', 'not_started', 'not_started', 'not_started']);
    expect(summary.waves.find((w) => w.wave === 3)?.startedAtSeconds).toBeNull();
    expect(summary.throttles).toBe(0);
  }, 120_000);

  it('same campaign, scenario and seed → identical summary', async () => {
    const first = await rehearseFixture({ maxConcurrent: 3 });
    const second = await rehearseFixture({ maxConcurrent: 3 });
    expect(JSON.stringify(second.summary)).toBe(JSON.stringify(first.summary));
  }, 60_000);

  it('a tight ELB budget makes cutovers wait for tokens instead of being throttled', async () => {
    const result = await rehearseFixture({
      maxConcurrent: 3,
      failurePolicy: { haltAfter: 3 },
      elbApiBudget: { modify: { burst: 1, perSecond: 0.2 }, describe: { burst: 4, perSecond: 2 } },
    });
    const { summary } = result;
    expect(summary.outcome).toBe('succeeded');
    expect(summary.budgetWaits.count).toBeGreaterThan(0);
    expect(summary.throttles).toBe(0);
    expect(summary.peakElbWritesPerSecond).toBe(1);
  }, 60_000);

  it('abortAll: a critical failure (drift) stops the running cutovers; the safety net restores their snapshots', async () => {
    const result = await rehearseFixture(
      { maxConcurrent: 2, failurePolicy: { haltAfter: 5, abortAll: true } },
      { services: { alpha: { faults: [{ at: '1m', drift: { vm: 50, ecs: 50 } }] } } },
    );
    expect(result.summary.outcome).toBe('aborted');
    expect(outcomes(result)).toEqual({ alpha: 'failed', beta: 'aborted', gamma: 'not_started' });
    expect(result.execution.error).toBe('CampaignAborted');
    expect(result.summary.services.find((s) => s.name === 'beta')?.finalWeights).toEqual({ vm: 100, ecs: 0 });
  }, 60_000);
});
