import { isAbsolute, resolve } from 'node:path';
import { PlanInvalidError } from '#core/errors';
import { hookLines, observedSplitLine } from '#plan/hooks-text';
import {
  formatDuration,
  formatProblem,
  type PlanProblem,
  type PlanSummary,
  planSummary,
  readPlanDocument,
  resolvePlan,
  staleProblem,
} from '#plan/index';
import { testRouteLines } from '#plan/test-route-text';
import type { ResolvedPlan, Target } from '#plan/types';
import { booleanFlag, type CommandSpec, runCommand } from '../command.ts';
import { formatFields, formatTable } from '../format.ts';
import { type CliIo, ExitCode } from '../io.ts';
import { rollbackText } from '../ops/rollback-text.ts';
import { isCampaignFile } from './campaign-file.ts';
import { validateCampaign } from './campaign-validate.ts';

export const spec: CommandSpec = {
  name: 'validate',
  usage: 'validate <plan|campaign> [--json]',
  description: [
    'Checks a plan (YAML or JSON) offline, without AWS credentials: the schema, every semantic rule, and',
    'that notAfter has not passed. Prints every problem, not just the first, as',
    '  path: problem; got X; allowed Y — hint: …',
    'A valid plan prints its steps (weights, bake, approvals), the minimum total duration, the worst-case',
    'time to detect a failed destination (and what that assumes), the router and the targets.',
    'A campaign file (top-level `campaign:`) is checked as a campaign: its own fields, waves and',
    "`after` dependencies, and every service's plan (problems under `services[i]`).",
  ].join('\n'),
  flags: {
    json: {
      type: 'boolean',
      description:
        'print {"valid": true, "plan": …, "summary": …} or {"valid": false, "problems": […]} on stdout',
    },
  },
  positionals: { min: 1, max: 1, names: 'one plan file' },
  exitCodes: '0 valid · 2 invalid plan, unreadable file or bad flags',
};

export function run(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const file = args.positionals[0] as string;
    const json = booleanFlag(args, 'json');
    // A campaign file (top-level `campaign:`) is checked as a campaign: its rules and every plan.
    if (await isCampaignFile(file, io.cwd)) return validateCampaign(file, json, io);
    const problems = await checkPlanFile(file, io.cwd);
    if (problems.ok) {
      const summary = planSummary(problems.plan);
      const dead = problems.plan.retreat.sourceMayBeDead;
      if (dead !== undefined) {
        io.stderr.write(
          `cutover validate: warning: ${file} is an EMERGENCY RETREAT: ${dead} may have no healthy target and nothing checks its capacity (retreat.sourceMayBeDead)\n`,
        );
      }
      io.stdout.write(
        json
          ? `${JSON.stringify({ valid: true, plan: problems.plan, summary }, null, 2)}\n`
          : `${renderSummary(file, problems.plan, summary).join('\n')}\n`,
      );
      return ExitCode.Ok;
    }
    for (const line of problems.lines) io.stderr.write(`${line}\n`);
    const count = problems.lines.length;
    io.stderr.write(`${file}: plan invalid (${count} problem${count === 1 ? '' : 's'})\n`);
    if (json) io.stdout.write(`${JSON.stringify({ valid: false, problems: problems.problems }, null, 2)}\n`);
    return ExitCode.InvalidInput;
  });
}

type FileCheck =
  | { readonly ok: true; readonly plan: ResolvedPlan }
  | { readonly ok: false; readonly problems: readonly PlanProblem[]; readonly lines: readonly string[] };

/** Read, resolve and check against the current time; every problem both structured and formatted. */
async function checkPlanFile(file: string, cwd: string): Promise<FileCheck> {
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  let document: unknown;
  try {
    document = await readPlanDocument(path);
  } catch (error) {
    if (!(error instanceof PlanInvalidError)) throw error;
    // Messages name the file as the user typed it, not the absolute path we opened.
    const lines = error.problems.map((line) =>
      line.startsWith(path) ? `${file}${line.slice(path.length)}` : line,
    );
    return { ok: false, problems: lines.map(splitFormatted), lines };
  }
  const result = resolvePlan(document);
  if (!result.ok) return { ok: false, problems: result.problems, lines: result.problems.map(formatProblem) };
  const stale = staleProblem(result.plan, new Date());
  if (stale !== undefined) return { ok: false, problems: [stale], lines: [formatProblem(stale)] };
  return { ok: true, plan: result.plan };
}

/** A one-line file problem (`<path>: <message>`) as a structured problem for --json. */
function splitFormatted(line: string): PlanProblem {
  const at = line.indexOf(': ');
  return at < 0
    ? { path: '(file)', message: line }
    : { path: line.slice(0, at), message: line.slice(at + 2) };
}

/** Minutes of published data the judge needs, as a duration; `—` when it cannot get there. */
function judgeCell(minutes: number | null | undefined): string {
  return minutes === null || minutes === undefined ? '—' : `~${formatDuration(minutes * 60)}`;
}

/** One row per step: its weights per target, bake, approval and (when judged) detection times. */
function stepTable(plan: ResolvedPlan, summary: PlanSummary): string[] {
  const names = Object.keys(plan.targets);
  const judged = summary.steps.some((step) => step.judge !== undefined);
  const stepRows = summary.steps.map((step) => [
    `${step.index + 1}/${summary.steps.length}`,
    ...names.map((name) => String(step.weights[name] ?? 0)),
    step.minBakeSeconds === undefined
      ? formatDuration(step.bakeSeconds)
      : `${formatDuration(step.minBakeSeconds)}–${formatDuration(step.bakeSeconds)}`,
    step.approval ? 'yes' : '',
    ...(judged ? [judgeCell(step.judge?.detectMinutes), judgeCell(step.judge?.confidentMinutes)] : []),
  ]);
  const table = formatTable(
    [
      { header: 'step' },
      ...names.map((name) => ({
        header: name === plan.to ? `${name} (to)` : name === plan.from ? `${name} (from)` : name,
        align: 'right' as const,
      })),
      { header: 'bake' },
      { header: 'approval' },
      ...(judged
        ? [
            { header: 'catch 5XX at limit', align: 'right' as const },
            { header: 'confident', align: 'right' as const },
          ]
        : []),
    ],
    stepRows,
  );
  return table;
}

export function renderSummary(file: string, plan: ResolvedPlan, summary: PlanSummary): string[] {
  const table = stepTable(plan, summary);
  const detection = summary.detection;
  return [
    `${file}: plan ${plan.name} is valid`,
    '',
    ...formatFields([
      [
        'router',
        [
          `${plan.router.kind} of ${plan.router.loadBalancerDimension} in ${plan.router.region}, account ${plan.router.accountId}`,
          plan.router.arn,
        ],
      ],
      [
        'targets',
        formatTable(
          [{ header: '' }, { header: '' }, { header: '' }, { header: '' }],
          Object.values(plan.targets).map(targetRow),
        ).slice(1),
      ],
      [
        'moves',
        `${plan.from} → ${plan.to} in ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}, gates polled every ${formatDuration(plan.intervalSeconds)}`,
      ],
    ]),
    '',
    ...table.map((line) => `  ${line}`),
    '',
    ...formatFields([
      [
        'minimum duration',
        `${formatDuration(summary.minimumDurationSeconds)} (sum of bakes${summary.settleSeconds > 0 ? `, plus at least 1m per step for its last minute of metrics to be published (up to the ${formatDuration(summary.settleSeconds)} settle)` : ''}; approvals, change windows and verification add to it)`,
      ],
      [
        'detection',
        [
          `worst case ${formatDuration(detection.worstCaseSeconds)} to notice a failed destination:`,
          ...detection.paths.map((path) => `  ${formatDuration(path.seconds).padEnd(6)} ${path.explanation}`),
          `  with too little traffic the metric gates stay inconclusive; after ${formatDuration(detection.inconclusive.seconds)} the cutover ${detection.inconclusive.action === 'pause' ? 'pauses' : 'fails'}`,
          'assumes:',
          ...detection.assumptions.map((text) => `  - ${text}`),
        ],
      ],
      ['gates', gateLines(plan)],
      ...(plan.hooks === undefined ? [] : [['hooks', hookLines(plan)] as const]),
      [
        'on failure',
        plan.onFailure === 'rollback'
          ? 'roll back to the exact previous weights'
          : 'hold the weights and wait for a human',
      ],
      ['retreat', retreatLine(plan)],
      ['rollback', rollbackText(plan)],
      ...approvalField(plan),
      ...(plan.window === undefined
        ? []
        : [
            [
              'window',
              `${plan.window.days.join(' ')} ${plan.window.between[0]}–${plan.window.between[1]} ${plan.window.timeZone}`,
            ] as const,
          ]),
      ...(plan.notAfter === undefined ? [] : [['not after', plan.notAfter] as const]),
    ]),
  ];
}

function targetRow(target: Target): string[] {
  const detail =
    target.platform === 'ec2'
      ? target.autoScalingGroup === undefined
        ? ''
        : `Auto Scaling group ${target.autoScalingGroup}`
      : target.platform === 'ecs'
        ? `cluster ${target.cluster}, service ${target.service}`
        : `cluster ${target.cluster}${target.nodegroups.length > 0 ? `, nodegroups ${target.nodegroups.join(', ')}` : ''}`;
  return [target.name, target.platform, target.targetGroupDimension, detail];
}

function gateLines(plan: ResolvedPlan): string[] {
  const { gates, to, from } = plan;
  const ratio = (value: number | undefined) => (value === undefined ? '' : ` and ≤ ${value}× ${from}`);
  return [
    `≥ ${gates.minHealthyTargets} healthy target${gates.minHealthyTargets === 1 ? '' : 's'} on ${to} while it has weight`,
    ...(gates.errorRate === undefined
      ? []
      : [
          `5XX ≤ ${gates.errorRate.maxPercent}%${ratio(gates.errorRate.maxRatioToSource)} (needs ≥ ${gates.errorRate.minRequests} requests published in the step)`,
        ]),
    ...(gates.latencyP99 === undefined
      ? []
      : [
          `p99 ≤ ${gates.latencyP99.maxMs} ms${ratio(gates.latencyP99.maxRatioToSource)} (needs ≥ ${gates.latencyP99.minRequests} requests published in the step)`,
        ]),
    ...(gates.alarms.length === 0 ? [] : [`alarms not in ALARM: ${gates.alarms.join(', ')}`]),
    ...testRouteLines(plan),
    ...observedSplitLine(plan),
  ];
}

function approvalField(plan: ResolvedPlan): (readonly [string, string])[] {
  if (plan.approval === undefined) return [];
  const steps = plan.steps.filter((s) => s.approval).map((s) => `${s.index + 1}`);
  return [
    [
      'approval',
      `before step${steps.length === 1 ? '' : 's'} ${steps.join(', ')}; waits ${formatDuration(plan.approval.timeoutSeconds)}, then ${plan.approval.onTimeout === 'rollback' ? 'rolls back' : 'pauses'}`,
    ],
  ];
}

/** What the way back asks; an emergency retreat says loudly what it gives up. */
function retreatLine(plan: ResolvedPlan): string | string[] {
  const { minHealthyTargets: minimum, sourceMayBeDead: dead } = plan.retreat;
  const keeps = `the way back keeps ≥ ${minimum} healthy target${minimum === 1 ? '' : 's'}`;
  if (dead === undefined)
    return minimum === 0 ? `${keeps}: a rollback may land on a platform with none` : keeps;
  return [
    `EMERGENCY RETREAT from ${dead} (retreat.sourceMayBeDead): ${dead} may have no healthy target.`,
    `  Preflight checks only the destination; no gate asks anything of ${dead};`,
    `  a rollback that finds ${dead} dead holds the weights where they are and pages (RetreatUnavailable).`,
    `  Remove sourceMayBeDead for an ordinary cutover: then ${dead} must keep ≥ ${minimum} healthy.`,
  ];
}
