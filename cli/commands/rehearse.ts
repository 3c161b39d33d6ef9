import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPlanFile } from '../../local/rehearsal/load-plan.ts';
import { progressPrinter } from '../../local/rehearsal/progress.ts';
import { clock, renderReport } from '../../local/rehearsal/report-html.ts';
import { rehearse } from '../../local/rehearsal/run-rehearsal.ts';
import type { RehearsalSummary } from '../../local/rehearsal/summary.ts';
import { defaultScenario, loadScenario, type Scenario } from '../../local/scenario/scenario.ts';
import { PlanInvalidError, ScenarioInvalidError } from '../../shared/core/errors.ts';
import { formatWeights } from '../../shared/core/weights.ts';
import { staleProblem } from '../../shared/plan/stale.ts';
import { type CliIo, ExitCode } from '../io.ts';

const HELP = `usage: cutover rehearse <plan> [--scenario <file>] [--json] [--report <file.html>] [--seed N]

Runs the real state machine, the real handlers and the real AWS adapters against a simulated AWS
account on a virtual clock: a two-hour cutover takes a second. Without --scenario the world is
healthy (every target healthy, low error rates, 100% on the plan's \`from\`). A scenario file sets the
world and schedules faults (error spikes, unhealthy targets, slow responses, API throttling, drift,
a lease held by another cutover) and answers approvals; see examples/scenarios/.

options:
  --scenario <file>     the world and its faults (YAML or JSON)
  --json                print the summary as JSON, last on stdout (progress goes to stderr)
  --report <file.html>  write a self-contained HTML report with charts (no network needed to open it)
  --seed <N>            override the scenario's seed (same scenario + seed → identical output)
  -h, --help            show this help

exit codes: 0 the cutover succeeded · 1 it did not (rolled back, paused, rejected, failed)
            2 invalid plan, scenario or flags`;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    io.stderr.write(`cutover rehearse: ${(error as Error).message}; see cutover rehearse --help\n`);
    return ExitCode.InvalidInput;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout.write(`${HELP}\n`);
    return ExitCode.Ok;
  }
  if (positionals.length !== 1) {
    io.stderr.write(
      `cutover rehearse: expected one plan file; got ${positionals.length}; usage: cutover rehearse <plan> [--scenario <file>]\n`,
    );
    return ExitCode.InvalidInput;
  }
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed) || !Number.isSafeInteger(seed)) {
      io.stderr.write(
        `cutover rehearse: --seed ${JSON.stringify(values.seed)}: not a whole number; allowed an integer ≥ 0\n`,
      );
      return ExitCode.InvalidInput;
    }
  }
  const file = positionals[0] as string;
  let loaded: Awaited<ReturnType<typeof loadPlanFile>>;
  let scenario: Scenario;
  try {
    loaded = await loadPlanFile(file, io.cwd);
    scenario =
      values.scenario === undefined
        ? defaultScenario(loaded.plan)
        : await loadScenario(pathIn(io.cwd, values.scenario), loaded.plan, values.scenario);
  } catch (error) {
    if (error instanceof PlanInvalidError || error instanceof ScenarioInvalidError) {
      for (const line of error.problems) io.stderr.write(`${line}\n`);
      io.stderr.write(
        `cutover rehearse: ${error instanceof PlanInvalidError ? 'plan' : 'scenario'} invalid (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}); nothing was run\n`,
      );
      return ExitCode.InvalidInput;
    }
    throw error;
  }
  if (seed !== undefined) scenario = { ...scenario, seed };
  const { plan, document } = loaded;
  const json = values.json === true;
  const out = json ? io.stderr : io.stdout;
  const stale = staleProblem(plan, new Date());
  if (stale !== undefined) {
    io.stderr.write(
      `cutover rehearse: warning: ${stale.message}; a real run would refuse to start — rehearsing at virtual ${scenario.startAt.toISOString()} anyway\n`,
    );
  }
  const printer = progressPrinter({
    write: (text) => out.write(text),
    tty: !json && io.stdout.isTTY === true,
    targets: Object.keys(plan.targets),
    stepCount: plan.steps.length,
  });
  out.write(
    `rehearsing ${plan.name} (${file}) in scenario ${scenario.source}, seed ${scenario.seed}, virtual start ${scenario.startAt.toISOString()}\n`,
  );
  const wallStart = performance.now();
  const result = await rehearse({ plan, planDocument: document, scenario, onEvent: printer.onEvent });
  const wallSeconds = (performance.now() - wallStart) / 1000;
  printer.finish();
  const { summary } = result;
  let reportPath: string | undefined;
  if (values.report !== undefined) {
    reportPath = pathIn(io.cwd, values.report);
    await mkdir(dirname(reportPath), { recursive: true });
    await writeFile(reportPath, renderReport({ plan, summary, timeline: result.timeline }));
  }
  for (const line of describeSummary(summary, wallSeconds)) out.write(`${line}\n`);
  if (reportPath !== undefined) out.write(`report: ${values.report}\n`);
  if (json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return summary.outcome === 'succeeded' ? ExitCode.Ok : ExitCode.NotSucceeded;
}

/** The closing lines a human reads (the JSON carries the same facts). */
export function describeSummary(summary: RehearsalSummary, wallSeconds: number): string[] {
  const calls = Object.values(summary.apiCalls).reduce((sum, count) => sum + count, 0);
  const lines = [
    '',
    `outcome: ${summary.outcome}${summary.error && summary.outcome === 'failed' ? ` (${summary.error.name})` : ''}`,
    `weights: start ${formatWeights(summary.startWeights)} → final ${formatWeights(summary.finalWeights)}`,
  ];
  const rollback = summary.rollback;
  if (rollback) {
    const span =
      rollback.faultAtSeconds !== null && rollback.restoredAtSeconds !== null
        ? ` (${clock(rollback.restoredAtSeconds - rollback.faultAtSeconds)} from fault to restored snapshot)`
        : '';
    lines.push(`rollback: ${rollback.reason}`);
    lines.push(
      `  fault ${clock(rollback.faultAtSeconds)} → detected ${clock(rollback.detectedAtSeconds)} → restored ${clock(rollback.restoredAtSeconds)}${span}`,
    );
  } else if (summary.error && summary.outcome !== 'succeeded') {
    lines.push(`why: ${summary.error.cause}`);
  }
  lines.push(
    `steps: ${summary.steps.map((step, index) => `${index + 1}:${step.result}`).join(' ') || 'none started'}`,
    `virtual ${clock(summary.durationSeconds)} in ${wallSeconds.toFixed(2)} s wall · ${summary.stateTransitions} state transitions · ${calls} AWS API calls`,
  );
  return lines;
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      scenario: { type: 'string' },
      json: { type: 'boolean' },
      report: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function pathIn(cwd: string, file: string): string {
  return isAbsolute(file) ? file : resolve(cwd, file);
}
