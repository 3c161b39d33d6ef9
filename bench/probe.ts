// The probe section of `npm run bench` (issue 11): how fast the synthetic probe catches a destination
// that answers every request with a 5XX while its health checks stay green, with the fault at a
// random second of the 5% bake, over many seeds; and whether the probe ever halts a healthy cutover.

import { SeededRandom } from '#local/prng';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { resolveScenario } from '#local/scenario/scenario';

const PLAN = 'examples/vm-to-ecs-tested.yaml';
/** DESIGN §13: a hard 5XX caught by the probe, fault → restored snapshot. */
const TARGET_SECONDS = 20;

const targets = {
  vm: { healthyTargets: 4, errorPercent: 0.1, p99Ms: 120 },
  ecs: { healthyTargets: 6, errorPercent: 0.1, p99Ms: 100 },
};

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export async function benchProbe(
  root: string,
  say: (text?: string) => void,
  mark: (ok: boolean) => string,
  misses: string[],
  options: { readonly faultSeeds: number; readonly healthySeeds: number } = {
    faultSeeds: 30,
    healthySeeds: 10,
  },
): Promise<void> {
  const { plan, document } = await loadPlanFile(PLAN, root);
  const bake = plan.steps[0]?.bakeSeconds ?? 300;
  const restores: number[] = [];
  const wrongOutcomes: string[] = [];
  const random = new SeededRandom('bench-probe');
  for (let seed = 1; seed <= options.faultSeeds; seed += 1) {
    // Any second of the first bake, after the test route and the first probe.
    const at = 10 + Math.floor(random.next() * (bake - 20));
    const scenario = resolveScenario(
      { seed, targets, faults: [{ at: `${at}s`, target: 'ecs', set: { errorPercent: 100 } }] },
      plan,
      `(bench: hard 5XX at ${at}s)`,
    );
    const { summary } = await rehearse({ plan, planDocument: document, scenario });
    const r = summary.rollback;
    if (
      summary.outcome !== 'rolled_back' ||
      r?.gate !== 'probe' ||
      r.restoredAtSeconds === null ||
      r.faultAtSeconds === null
    ) {
      wrongOutcomes.push(`seed ${seed}: ${summary.outcome} ${r?.gate ?? ''}`);
      continue;
    }
    restores.push(r.restoredAtSeconds - r.faultAtSeconds);
  }
  let falseHalts = 0;
  for (let seed = 1; seed <= options.healthySeeds; seed += 1) {
    const scenario = resolveScenario({ seed, targets }, plan, '(bench: healthy)');
    const { summary } = await rehearse({ plan, planDocument: document, scenario });
    if (summary.outcome !== 'succeeded') falseHalts += 1;
  }
  const sorted = [...restores].sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  const p90 = percentile(sorted, 90);
  const worst = sorted[sorted.length - 1] ?? Number.NaN;
  say();
  say(
    `probe: hard 5XX on ecs at a random second of the 5% bake, ${options.faultSeeds} seeds (${PLAN}, probe every ${plan.intervalSeconds}s)`,
  );
  say(
    `  fault → restored: median ${median} s, p90 ${p90} s, worst ${worst} s — target ≤ ${TARGET_SECONDS} s ${mark(worst <= TARGET_SECONDS)}`,
  );
  if (wrongOutcomes.length > 0) say(`  not rolled back by the probe: ${wrongOutcomes.join('; ')}`);
  say(`  healthy rehearsals halted: ${falseHalts}/${options.healthySeeds} ${mark(falseHalts === 0)}`);
  if (worst > TARGET_SECONDS || wrongOutcomes.length > 0)
    misses.push(`probe fault → restored worst ${worst} s (target ${TARGET_SECONDS} s)`);
  if (falseHalts > 0) misses.push(`probe plan: ${falseHalts} healthy rehearsals halted`);
}
