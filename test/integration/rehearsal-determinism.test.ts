import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { loadScenario } from '#local/scenario/scenario';

const { plan, document } = await loadPlanFile('examples/vm-to-ecs.yaml', process.cwd());

describe('rehearsal determinism', () => {
  it('same scenario and seed give byte-identical JSON (throttling retries included)', async () => {
    const scenario = await loadScenario('examples/scenarios/api-throttling.yaml', plan);
    const first = await rehearse({ plan, planDocument: document, scenario });
    const second = await rehearse({ plan, planDocument: document, scenario });
    expect(JSON.stringify(second.summary)).toBe(JSON.stringify(first.summary));
    expect(JSON.stringify(second.timeline)).toBe(JSON.stringify(first.timeline));
  });

  it('another seed draws other traffic (the seed is really used)', async () => {
    const scenario = await loadScenario('examples/scenarios/5xx-spike.yaml', plan);
    const a = await rehearse({ plan, planDocument: document, scenario });
    const b = await rehearse({
      plan,
      planDocument: document,
      scenario: { ...scenario, seed: scenario.seed + 1 },
    });
    expect(JSON.stringify(b.timeline.minutes)).not.toBe(JSON.stringify(a.timeline.minutes));
    expect(b.summary.outcome).toBe('rolled_back');
  });
});
