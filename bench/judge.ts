// `npm run bench:judge`: how far the judge can be trusted, measured in rehearsals on the sandbox.
// False halts over healthy rehearsals of many seeds and plan shapes, and the time from a fault to
// the restored snapshot over many seeds, for the regressions the design sets targets for. Not a
// test: it prints figures and marks each against its target; a miss is shown, never hidden.
import { formatTable } from '#cli/format';
import { keyedRandom } from '#local/prng';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { resolveScenario } from '#local/scenario/scenario';
import { resolvePlan } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';

const root = new URL('..', import.meta.url).pathname;
const args = new Map(
  process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]),
);
const HEALTHY_SEEDS = Number(args.get('healthy-seeds') ?? 50);
const FAULT_SEEDS = Number(args.get('fault-seeds') ?? 50);

interface Shape {
  readonly name: string;
  readonly plan: ResolvedPlan;
  readonly document: unknown;
}

/** Drops approvals and the change window: the judge is what is measured here. */
function unattended(
  document: Record<string, unknown>,
  changes: Record<string, unknown> = {},
): Shape['document'] {
  const copy: Record<string, unknown> = { ...document, ...changes };
  delete copy.approval;
  delete copy.window;
  if (Array.isArray(copy.steps)) {
    copy.steps = copy.steps.map((step) =>
      typeof step === 'object' && step !== null ? { ...step, approval: false } : step,
    );
  }
  return copy;
}

async function shape(
  name: string,
  file: string,
  changes: Record<string, unknown> | 'as written' = {},
): Promise<Shape> {
  const { document } = await loadPlanFile(file, root);
  const doc = changes === 'as written' ? document : unattended(document as Record<string, unknown>, changes);
  const resolved = resolvePlan(doc);
  if (!resolved.ok) throw new Error(`${name}: ${JSON.stringify(resolved.problems)}`);
  return { name, plan: resolved.plan, document: doc };
}

// The example plans as written (approvals answered, change windows waited for), and long bakes.
const shapes: Shape[] = [
  await shape('vm-to-ecs', 'examples/vm-to-ecs.yaml', 'as written'),
  await shape('ecs-to-eks', 'examples/ecs-to-eks.yaml', 'as written'),
  await shape('three-way', 'examples/three-way.yaml', 'as written'),
  await shape('20-50-100 × 24m', 'examples/vm-to-ecs.yaml', { steps: [20, 50, 100], bake: '24m' }),
  await shape('5 steps × 24m (2 h)', 'examples/vm-to-ecs.yaml', { bake: '24m' }),
];
const vmToEcs = await shape('vm-to-ecs', 'examples/vm-to-ecs.yaml');

interface Run {
  readonly outcome: string;
  readonly restoredAfter: number | null;
  readonly reason: string;
}

async function run(s: Shape, scenario: Record<string, unknown>, faultAtSeconds?: number): Promise<Run> {
  const resolved = resolveScenario(scenario, s.plan, '(bench)');
  const result = await rehearse({ plan: s.plan, planDocument: s.document, scenario: resolved });
  const rollback = result.summary.rollback;
  const restored = rollback?.restoredAtSeconds ?? null;
  return {
    outcome: result.summary.outcome,
    restoredAfter: restored === null || faultAtSeconds === undefined ? null : restored - faultAtSeconds,
    reason: rollback?.reason ?? result.summary.error?.cause ?? '',
  };
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const lines: string[] = [];
const say = (text = '') => {
  lines.push(text);
  console.log(text);
};
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

// 1. False halts: healthy destinations (0.1 % 5XX like the source), metrics 60–180 s late.
say(`False halts: healthy rehearsals, ${HEALTHY_SEEDS} seeds per plan shape, metrics 60–180 s late`);
let halted = 0;
let total = 0;
const healthyRows: string[][] = [];
const examples: string[] = [];
for (const s of shapes) {
  let bad = 0;
  for (let seed = 1; seed <= HEALTHY_SEEDS; seed++) {
    const r = await run(s, {
      seed,
      metricsDelaySeconds: { min: 60, max: 180 },
      approvals: 'approve',
      pauses: 'wait',
    });
    if (r.outcome !== 'succeeded') {
      bad += 1;
      if (examples.length < 5) examples.push(`${s.name} seed ${seed}: ${r.outcome} — ${r.reason}`);
    }
  }
  halted += bad;
  total += HEALTHY_SEEDS;
  healthyRows.push([s.name, String(HEALTHY_SEEDS), String(bad)]);
}
for (const line of formatTable(
  [{ header: 'plan' }, { header: 'runs', align: 'right' }, { header: 'halted', align: 'right' }],
  healthyRows,
))
  say(`  ${line}`);
const rate = (halted * 100) / total;
say(`  false halts: ${halted}/${total} = ${rate.toFixed(2)} % — target ≤ 1 % ${mark(rate <= 1)}`);
for (const example of examples) say(`    ${example}`);

// 2. Detection: fault → restored snapshot, faults at seeded random seconds inside the step.
interface Regression {
  readonly name: string;
  readonly set: Record<string, number>;
  /** The fault lands at a random second in [from, from + span) of virtual time. */
  readonly from: number;
  readonly span: number;
  readonly delay: { min: number; max: number };
  readonly target?: { median: number; p90: number };
}
const regressions: Regression[] = [
  {
    name: '5× 5XX (0.1 → 0.5 %) at 5 %',
    set: { errorPercent: 0.5 },
    from: 12 * 60,
    span: 5 * 60,
    delay: { min: 60, max: 120 },
    target: { median: 240, p90: 360 },
  },
  {
    name: '2× p99 (100 → 200 ms) at 25 %',
    set: { p99Ms: 200 },
    from: 26 * 60,
    span: 5 * 60,
    delay: { min: 60, max: 120 },
  },
  {
    name: 'hard 100 % 5XX at 5 %',
    set: { errorPercent: 100 },
    from: 12 * 60,
    span: 5 * 60,
    delay: { min: 60, max: 120 },
  },
  {
    name: '8 % 5XX spike at 25 % (demo)',
    set: { errorPercent: 8 },
    from: 26 * 60,
    span: 5 * 60,
    delay: { min: 60, max: 120 },
    target: { median: 150, p90: 150 },
  },
];
say();
say(
  `Detection on ${vmToEcs.name} without approvals or window (200 rps, 0.1 % baseline), fault → snapshot restored, ${FAULT_SEEDS} seeds each`,
);
const detectionRows: string[][] = [];
for (const regression of regressions) {
  const times: number[] = [];
  let missed = 0;
  for (let seed = 1; seed <= FAULT_SEEDS; seed++) {
    const at =
      regression.from + keyedRandom(seed, 'bench-fault', regression.name).int(0, regression.span - 1);
    const scenario = {
      seed,
      requestsPerSecond: 200,
      metricsDelaySeconds: regression.delay,
      targets: { vm: { errorPercent: 0.1, p99Ms: 100 }, ecs: { errorPercent: 0.1, p99Ms: 100 } },
      faults: [{ at: `${at}s`, target: 'ecs', set: regression.set }],
    };
    const r = await run(vmToEcs, scenario, at);
    if (r.restoredAfter === null) missed += 1;
    else times.push(r.restoredAfter);
  }
  const median = percentile(times, 50);
  const p90 = percentile(times, 90);
  const verdict = regression.target
    ? `median ≤ ${regression.target.median} ${mark(median <= regression.target.median)}, p90 ≤ ${regression.target.p90} ${mark(p90 <= regression.target.p90)}`
    : '';
  detectionRows.push([regression.name, String(median), String(p90), `${missed}/${FAULT_SEEDS}`, verdict]);
}
for (const line of formatTable(
  [
    { header: 'regression' },
    { header: 'median s', align: 'right' },
    { header: 'p90 s', align: 'right' },
    { header: 'missed' },
    { header: 'target' },
  ],
  detectionRows,
))
  say(`  ${line}`);
say(
  '  (faults at a seeded random second; metrics published 60–120 s after their minute; missed = never rolled back)',
);
