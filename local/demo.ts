// `npm run demo`: the first thing a newcomer runs. Rehearses examples/vm-to-ecs.yaml twice against
// the simulated AWS account — once in a healthy world (it succeeds) and once with a 5XX spike on the
// destination (it rolls back) — prints both outcomes and writes an HTML report for each.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { formatWeights } from '#core/weights';
import { loadPlanFile } from './rehearsal/load-plan.ts';
import { clock, renderReport } from './rehearsal/report-html.ts';
import { rehearse } from './rehearsal/run-rehearsal.ts';
import { loadScenario } from './scenario/scenario.ts';

const root = new URL('..', import.meta.url).pathname;
const planFile = 'examples/vm-to-ecs.yaml';
const runs = [
  {
    title: 'healthy world',
    scenario: 'examples/scenarios/healthy.yaml',
    report: 'rehearsals/demo-healthy.html',
  },
  {
    title: '5XX spike on ecs at 25 min',
    scenario: 'examples/scenarios/5xx-spike.yaml',
    report: 'rehearsals/demo-5xx-spike.html',
  },
];

const { plan, document } = await loadPlanFile(planFile, root);
await mkdir(join(root, 'rehearsals'), { recursive: true });
console.log(
  `Cutover demo: rehearsing ${planFile} (${plan.steps.map((s) => `${s.weights[plan.to]}%`).join(' → ')} on ${plan.to}) against a simulated AWS account.\n`,
);
let unexpected = 0;
for (const [index, run] of runs.entries()) {
  const scenario = await loadScenario(join(root, run.scenario), plan, run.scenario);
  const started = performance.now();
  const { summary, timeline } = await rehearse({ plan, planDocument: document, scenario });
  const wall = (performance.now() - started) / 1000;
  await writeFile(join(root, run.report), renderReport({ plan, summary, timeline }));
  const calls = Object.values(summary.apiCalls).reduce((sum, count) => sum + count, 0);
  console.log(`${index + 1}. ${run.title} (${run.scenario})`);
  console.log(`   outcome  ${summary.outcome}`);
  console.log(`   weights  ${formatWeights(summary.startWeights)} → ${formatWeights(summary.finalWeights)}`);
  if (summary.rollback) {
    const r = summary.rollback;
    console.log(`   why      ${r.reason}`);
    console.log(
      `   timing   fault ${clock(r.faultAtSeconds)} → detected ${clock(r.detectedAtSeconds)} → snapshot restored ${clock(r.restoredAtSeconds)}`,
    );
  }
  console.log(
    `   ran      ${clock(summary.durationSeconds)} of virtual time in ${wall.toFixed(1)} s · ${summary.stateTransitions} state transitions · ${calls} AWS API calls`,
  );
  console.log(`   report   ${relative(process.cwd(), join(root, run.report)) || run.report}\n`);
  const expected = index === 0 ? 'succeeded' : 'rolled_back';
  if (summary.outcome !== expected) unexpected += 1;
}
console.log(
  'Open the reports in a browser. Rehearse your own plan: npx cutover rehearse <plan> [--scenario <file>] [--report <file.html>]',
);
if (unexpected > 0) {
  console.error(
    `demo: ${unexpected} rehearsal(s) ended differently than expected (healthy → succeeded, 5XX spike → rolled_back)`,
  );
  process.exitCode = 1;
}
