// The observed split on the real state machine and sandbox: the ALB's served shares come from the
// traffic model, read back through CloudWatch GetMetricData, judged by the evaluate-gates handler.
import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { resolveScenario } from '#local/scenario/scenario';
import { resolvePlan } from '#plan/resolve';
import { CutoverEventType } from '#ports/event-sink';

const { document } = await loadPlanFile('examples/vm-to-ecs-tested.yaml', process.cwd());
const skew = { splitSkew: { ecs: { atWeight: 5, servesPercent: 30 } } };

async function run(gates: Record<string, unknown> | undefined, scenario: Record<string, unknown>, seed = 7) {
  const base = document as Record<string, unknown>;
  const doc = gates === undefined ? base : { ...base, gates };
  const resolved = resolvePlan(doc);
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  const plan = resolved.plan;
  const result = await rehearse({
    plan,
    planDocument: doc,
    scenario: resolveScenario({ seed, ...scenario }, plan, 'test'),
  });
  const deviations = result.sandbox.events.filter(
    (event) => event.detailType === CutoverEventType.SplitDeviated,
  );
  return { summary: result.summary, deviations };
}

const { observedSplit: _dropped, ...gatesWithoutSplit } = (document as { gates: Record<string, unknown> })
  .gates;

describe('observed split on the sandbox', () => {
  it('fails the gate on a persistent skew and restores the snapshot, announcing the deviation once', async () => {
    const { summary, deviations } = await run(undefined, skew);
    expect(summary.outcome).toBe('rolled_back');
    expect(summary.rollback?.gate).toBe('observedSplit');
    expect(summary.finalWeights).toEqual(summary.startWeights);
    expect(deviations).toHaveLength(1);
  });

  it('without the gate, announces the deviation once per step and goes on', async () => {
    const { summary, deviations } = await run(gatesWithoutSplit, skew);
    expect(summary.outcome).toBe('succeeded');
    expect(deviations).toHaveLength(1);
    expect((deviations[0]?.detail as { reason: string } | undefined)?.reason).toMatch(
      /step 1\/4: observed split: .* no gate asks for it \(gates.observedSplit\), so the cutover goes on/,
    );
  });

  it('says nothing when the ALB splits as weighted', async () => {
    for (const seed of [1, 2, 3]) {
      const { summary, deviations } = await run(undefined, {}, seed);
      expect(summary.outcome).toBe('succeeded');
      expect(deviations).toEqual([]);
    }
  });
});
