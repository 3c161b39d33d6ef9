// `npm run bench`: the figures DESIGN.md §13 sets targets for, measured on this machine. Not a test:
// it prints a table and marks each figure against its target; a miss is explained, never hidden.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTable } from '#cli/format';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import type { RehearsalResult } from '#local/rehearsal/run-rehearsal';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { planHintOf } from '#local/scenario/plan-hint';
import { defaultScenario, loadScenario, type Scenario } from '#local/scenario/scenario';
import { resolvePlan } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';
import { benchCampaign } from './campaign.ts';
import { POLL_CALLS, type PollCallsFigure, pollCallsWith } from './poll-calls.ts';
import { benchProbe } from './probe.ts';

const root = new URL('..', import.meta.url).pathname;
const PLAN = 'examples/vm-to-ecs.yaml';
/** Scenario → the §13 target for fault → restored snapshot (virtual seconds), where one is set. */
const RESTORE_TARGETS: Readonly<Record<string, number>> = {
  'destination-unhealthy.yaml': 30,
  '5xx-spike.yaml': 150,
  'probe-hard-5xx.yaml': 20,
};
/** The states one bake-loop iteration enters (Wait → EvaluateGates → Choice). */
const BAKE_LOOP_STATES = new Set(['BakeWait', 'EvaluateGates', 'BakeChoice']);

const { plan, document } = await loadPlanFile(PLAN, root);
const lines: string[] = [];
const say = (text = '') => {
  lines.push(text);
  console.log(text);
};
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

async function timed(
  p: ResolvedPlan,
  doc: unknown,
  scenario: Scenario,
  runs = 3,
): Promise<{ result: RehearsalResult; wallMs: number }> {
  let result: RehearsalResult | undefined;
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await rehearse({ plan: p, planDocument: doc, scenario });
    walls.push(performance.now() - started);
  }
  walls.sort((a, b) => a - b);
  return { result: result as RehearsalResult, wallMs: walls[Math.floor(walls.length / 2)] ?? 0 };
}

/** The plan a scenario names in `plan:` (relative to the scenario), else the bench's plan. */

say(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} (wall times scale with it), node ${process.version}`,
);
say();

// Warm up: the first rehearsal in a process pays for module initialisation and JIT.
await rehearse({ plan, planDocument: document, scenario: defaultScenario(plan) });

// 1. Every example scenario: outcome, fault → detected → restored (virtual), wall time.
say(`Rehearsals of ${PLAN} per scenario (wall = median of 3 runs, warm process)`);
const files = readdirSync(join(root, 'examples/scenarios'))
  .filter((file) => file.endsWith('.yaml'))
  .sort();
const rows: string[][] = [];
let healthy: RehearsalResult | undefined;
const misses: string[] = [];
for (const file of files) {
  // A scenario written for another plan (its `plan:` hint) is rehearsed with that plan.
  const hint = await planHintOf(join(root, 'examples/scenarios', file));
  const paired = hint === undefined || hint === PLAN ? { plan, document } : await loadPlanFile(hint, root);
  const scenario = await loadScenario(join(root, 'examples/scenarios', file), paired.plan, file);
  const { result, wallMs } = await timed(paired.plan, paired.document, scenario);
  if (file === 'healthy.yaml') healthy = result;
  const r = result.summary.rollback;
  const restore =
    r && r.faultAtSeconds !== null && r.restoredAtSeconds !== null
      ? r.restoredAtSeconds - r.faultAtSeconds
      : null;
  const detect = r && r.faultAtSeconds !== null ? r.detectedAtSeconds - r.faultAtSeconds : null;
  const target = RESTORE_TARGETS[file];
  const verdict =
    target === undefined
      ? ''
      : restore !== null && restore <= target
        ? `≤ ${target} ok`
        : `≤ ${target} MISSED`;
  if (verdict.endsWith('MISSED')) misses.push(`${file}: fault → restored ${restore ?? '—'} s > ${target} s`);
  rows.push([
    file.replace(/\.yaml$/, '') + (paired.plan === plan ? '' : ` (${paired.plan.name})`),
    result.summary.outcome,
    r?.gate ?? result.summary.error?.name ?? '',
    detect === null ? '—' : String(detect),
    restore === null ? '—' : String(restore),
    verdict,
    String(result.summary.durationSeconds),
    String(result.summary.stateTransitions),
    (wallMs / 1000).toFixed(2),
  ]);
}
for (const line of formatTable(
  [
    { header: 'scenario' },
    { header: 'outcome' },
    { header: 'gate/error' },
    { header: 'detect s', align: 'right' },
    { header: 'restore s', align: 'right' },
    { header: 'target' },
    { header: 'virtual s', align: 'right' },
    { header: 'transitions', align: 'right' },
    { header: 'wall s', align: 'right' },
  ],
  rows,
))
  say(`  ${line}`);
say('  (detect/restore: virtual seconds from the fault to the gate failing / to the snapshot written back)');

// 2. Per gate poll: AWS calls and state transitions (healthy run).
if (healthy) {
  const polls = healthy.timeline.polls.length;
  const states = healthy.timeline.states;
  const loop = states.filter((state) => BAKE_LOOP_STATES.has(state.name)).length;
  const pollCalls = POLL_CALLS;
  const perPoll = (command: string) => (healthy?.summary.apiCalls[command] ?? 0) / polls;
  const monitoring = perPoll('DescribeTargetHealth') + perPoll('GetMetricData') + perPoll('DescribeAlarms');
  const total = pollCalls.reduce((sum, command) => sum + perPoll(command), 0);
  say();
  say(`Per gate poll (healthy run, ${polls} polls)`);
  for (const line of formatTable(
    [{ header: 'API' }, { header: 'calls/poll', align: 'right' }],
    pollCalls
      .filter((command) => perPoll(command) > 0)
      .map((command) => [command, perPoll(command).toFixed(2)]),
  ))
    say(`  ${line}`);
  say(
    `  monitoring calls/poll (DescribeTargetHealth + GetMetricData + DescribeAlarms): ${monitoring.toFixed(2)} — target ≤ 4 ${mark(monitoring <= 4)}`,
  );
  say(`  all calls/poll incl. the drift read of the router and the lease read/renewal: ${total.toFixed(2)}`);
  const transitions = loop / polls;
  say(
    `  state transitions/poll (bake loop states ${[...BAKE_LOOP_STATES].join(' → ')}): ${transitions.toFixed(2)} — target ≤ 5 ${mark(transitions <= 5)}`,
  );
  if (monitoring > 4) misses.push(`monitoring calls per poll ${monitoring.toFixed(2)} > 4`);
}

// 2b. Calls per gate poll by number of targets (§13: ≤ 4 with 2 targets, ≤ 5 with 5 targets).
{
  const figures = [
    await pollCallsWith(document as Record<string, unknown>, 2),
    await pollCallsWith(document as Record<string, unknown>, 5),
  ];
  const monitoringOf = (f: PollCallsFigure) =>
    (f.perCommand.DescribeTargetHealth ?? 0) +
    (f.perCommand.GetMetricData ?? 0) +
    (f.perCommand.DescribeAlarms ?? 0);
  say();
  say(
    'Per gate poll by number of targets (healthy run of the example plan reshaped; idle targets hold no weight)',
  );
  for (const line of formatTable(
    [
      { header: 'targets', align: 'right' },
      { header: 'polls', align: 'right' },
      ...POLL_CALLS.map((c) => ({ header: c, align: 'right' as const })),
      { header: 'monitoring', align: 'right' },
      { header: 'all', align: 'right' },
      { header: 'target (monitoring)' },
    ],
    figures.map((f) => {
      const limit = f.targets <= 2 ? 4 : 5;
      const ok = monitoringOf(f) <= limit;
      if (!ok)
        misses.push(
          `monitoring calls per poll with ${f.targets} targets ${monitoringOf(f).toFixed(2)} > ${limit}`,
        );
      return [
        String(f.targets),
        String(f.polls),
        ...POLL_CALLS.map((c) => (f.perCommand[c] ?? 0).toFixed(2)),
        monitoringOf(f).toFixed(2),
        f.total.toFixed(2),
        `≤ ${limit} ${mark(ok)}`,
      ];
    }),
  ))
    say(`  ${line}`);
  say(
    '  (all: monitoring plus the lease read/renewal (GetItem/UpdateItem) and the drift read of the router (DescribeListeners/DescribeRules))',
  );
}

// 3. A 5-step plan with 2 h of total bake, polled every 15 s.
const longDoc = { ...(document as Record<string, unknown>), bake: '24m', interval: '15s' } as Record<
  string,
  unknown
>;
delete longDoc.approval;
delete longDoc.window;
const resolved = resolvePlan(longDoc);
if (!resolved.ok) throw new Error(`bench plan invalid: ${JSON.stringify(resolved.problems)}`);
const long = await timed(resolved.plan, longDoc, defaultScenario(resolved.plan));
say();
say(
  `5 steps × 24m bake (2 h) at 15 s polls: ${long.result.summary.outcome}, ${long.result.timeline.polls.length} polls, ` +
    `${long.result.summary.stateTransitions} transitions, wall ${(long.wallMs / 1000).toFixed(2)} s — target < 3 s ${mark(long.wallMs < 3000)}`,
);
if (long.wallMs >= 3000) misses.push(`2 h rehearsal wall ${(long.wallMs / 1000).toFixed(2)} s ≥ 3 s`);

// 4. Lambda handlers: bundle size (esbuild, as infra bundles them) and module load time.
say();
say('Lambda handlers: minified bundle size and module load time (fresh node process, median of 3)');
const outDir = mkdtempSync(join(tmpdir(), 'cutover-bench-'));
const functionNames = readdirSync(join(root, 'functions'))
  .filter((name) => statSync(join(root, 'functions', name)).isDirectory())
  .sort();
const esbuild = join(root, 'node_modules/.bin/esbuild');
const loadRows: string[][] = [];
for (const name of functionNames) {
  const outfile = join(outDir, `${name}.mjs`);
  execFileSync(esbuild, [
    join(root, 'functions', name, 'handler.ts'),
    '--bundle',
    '--minify',
    '--platform=node',
    '--target=node22',
    '--format=esm',
    '--main-fields=module,main',
    "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    `--outfile=${outfile}`,
    '--log-level=error',
  ]);
  const size = statSync(outfile).size;
  const loads: number[] = [];
  for (let i = 0; i < 3; i++) {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`,
      ],
      { env: { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'us-east-1', EVENT_BUS_NAME: 'default' } },
    );
    loads.push(Number(out.toString().trim()));
  }
  loads.sort((a, b) => a - b);
  const load = loads[1] ?? 0;
  if (size > 1024 * 1024) misses.push(`${name} bundle ${(size / 1024).toFixed(0)} KiB > 1 MiB`);
  if (load > 150) misses.push(`${name} module load ${load.toFixed(0)} ms > 150 ms`);
  loadRows.push([
    name,
    `${(size / 1024).toFixed(0)} KiB`,
    mark(size <= 1024 * 1024),
    `${load.toFixed(0)} ms`,
    mark(load <= 150),
  ]);
}
for (const line of formatTable(
  [
    { header: 'function' },
    { header: 'bundle', align: 'right' },
    { header: '≤ 1 MiB' },
    { header: 'load', align: 'right' },
    { header: '≤ 150 ms' },
  ],
  loadRows,
))
  say(`  ${line}`);

// 5. Campaigns (issue 14): many cutovers on one clock within the account's ELB API budget.
await benchCampaign(say, mark, misses);

// 6. The synthetic probe (issue 11): detection of a hard 5XX through the test route, over seeds.
await benchProbe(root, say, mark, misses);

say();
say(misses.length === 0 ? 'All DESIGN §13 targets measured here are met.' : `Missed: ${misses.join('; ')}`);
