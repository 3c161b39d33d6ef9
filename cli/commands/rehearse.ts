import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { formatWeights } from '#core/weights';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { clock, renderReport } from '#local/rehearsal/report-html';
import { rehearse } from '#local/rehearsal/run-rehearsal';
import type { RehearsalSummary } from '#local/rehearsal/summary';
import { defaultScenario, loadScenario } from '#local/scenario/scenario';
import { staleProblem } from '#plan/stale';
import { booleanFlag, type CommandSpec, integerFlag, runCommand, stringFlag } from '../command.ts';
import { usageFailure } from '../failure.ts';
import { type CliIo, ExitCode } from '../io.ts';
import { progressPrinter } from '../ops/rehearsal-progress.ts';
import { isCampaignFile } from './campaign-file.ts';
import { rehearseCampaignCommand } from './campaign-rehearse.ts';

export const spec: CommandSpec = {
  name: 'rehearse',
  usage: 'rehearse <plan|campaign> [--scenario <file>] [--json] [--report <file.html>] [--seed N]',
  description: [
    'Runs the real state machine, the real handlers and the real AWS adapters against a simulated AWS',
    'account on a virtual clock: a two-hour cutover takes a second. Without --scenario the world is',
    "healthy (every target healthy, low error rates, 100% on the plan's `from`). A scenario file sets the",
    'world and schedules faults (error spikes, unhealthy targets, slow responses, API throttling, drift,',
    'a lease held by another cutover) and answers approvals; see examples/scenarios/.',
    'A campaign file (top-level `campaign:`) rehearses every service on one shared virtual clock, against',
    "the account's ELB API limits, with a campaign scenario (examples/campaigns/scenarios/).",
  ].join('\n'),
  flags: {
    scenario: { type: 'string', placeholder: 'file', description: 'the world and its faults (YAML or JSON)' },
    json: {
      type: 'boolean',
      description: 'print the summary as JSON, last on stdout (progress goes to stderr)',
    },
    report: {
      type: 'string',
      placeholder: 'file.html',
      description: 'write a self-contained HTML report with charts (no network needed to open it)',
    },
    seed: {
      type: 'string',
      placeholder: 'N',
      description: "override the scenario's seed (same scenario + seed → identical output)",
    },
  },
  positionals: { min: 1, max: 1, names: 'one plan file' },
  exitCodes: [
    '0 the cutover succeeded · 1 it did not (rolled back, paused, rejected, failed)',
    '            2 invalid plan, scenario or flags',
  ].join('\n'),
};

/** An invalid plan or scenario is exit 2 with every problem listed (runCommand prints them). */
export function run(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const seed = integerFlag(args, 'seed', { min: 0 });
    const scenarioFile = stringFlag(args, 'scenario');
    const reportFile = stringFlag(args, 'report');
    const json = booleanFlag(args, 'json');
    const file = args.positionals[0] as string;
    // A campaign file (top-level `campaign:`) rehearses every service on one shared clock.
    if (await isCampaignFile(file, io.cwd))
      return rehearseCampaignCommand({ file, scenarioFile, reportFile, json, seed }, io);
    if (reportFile !== undefined) await requireWritableReportPath(pathIn(io.cwd, reportFile), reportFile);
    const { plan, document } = await loadPlanFile(file, io.cwd);
    let scenario =
      scenarioFile === undefined
        ? defaultScenario(plan)
        : await loadScenario(pathIn(io.cwd, scenarioFile), plan, scenarioFile);
    if (seed !== undefined) scenario = { ...scenario, seed };
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
    if (reportFile !== undefined) {
      const reportPath = pathIn(io.cwd, reportFile);
      await mkdir(dirname(reportPath), { recursive: true });
      await writeFile(reportPath, renderReport({ plan, summary, timeline: result.timeline }));
    }
    for (const line of describeSummary(summary, wallSeconds)) out.write(`${line}\n`);
    if (reportFile !== undefined) out.write(`report: ${reportFile}\n`);
    if (json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return summary.outcome === 'succeeded' ? ExitCode.Ok : ExitCode.NotSucceeded;
  });
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
    // A stepped rollback (plan `rollback`): each write on the way back, the snapshot last.
    if (rollback.steps && rollback.steps.length > 1) {
      const way = rollback.steps.map((step) => `${formatWeights(step.weights)} at ${clock(step.atSeconds)}`);
      lines.push(`  way back: ${way.join(' → ')}`);
    }
  } else if (summary.error && summary.outcome !== 'succeeded') {
    lines.push(`why: ${summary.error.cause}`);
  }
  if (summary.drill) {
    lines.push(
      summary.drill.wayBackWorked
        ? `way back to ${summary.drill.wayBackTo}: worked; last worked at ${summary.drill.lastWorkedAt} (virtual)`
        : `way back to ${summary.drill.wayBackTo}: did NOT work in this drill; fix it before it is needed`,
    );
  }
  lines.push(
    `steps: ${summary.steps.map((step, index) => `${index + 1}:${step.result}`).join(' ') || 'none started'}`,
    `virtual ${clock(summary.durationSeconds)} in ${wallSeconds.toFixed(2)} s wall · ${summary.stateTransitions} state transitions · ${calls} AWS API calls`,
  );
  return lines;
}

function pathIn(cwd: string, file: string): string {
  return isAbsolute(file) ? file : resolve(cwd, file);
}

/** Checked before the rehearsal runs: a report path that cannot be a file fails now, not after the run. */
async function requireWritableReportPath(path: string, given: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (given.endsWith('/') || found?.isDirectory()) {
    throw usageFailure(
      `--report ${given}: is a directory; allowed a file path such as ${given.replace(/\/*$/, '')}/rehearsal.html — nothing was run`,
    );
  }
  const parent = await stat(dirname(path)).catch(() => undefined);
  if (parent !== undefined && !parent.isDirectory()) {
    throw usageFailure(
      `--report ${given}: ${dirname(given)} is not a directory; allowed a file path — nothing was run`,
    );
  }
}
