import {
  type PreviewResult,
  type PreviewTarget,
  type PreviewWarning,
  previewPlan,
} from '#core/operations/preview';
import { formatDuration } from '#plan/index';
import { testRouteLines } from '#plan/test-route-text';
import type { ResolvedPlan } from '#plan/types';
import { booleanFlag, type CommandSpec, jsonFlag, runCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { defaultOpsDeps, type OpsDeps, rootOf } from '../ops/deps.ts';
import { operation } from '../ops/operation.ts';
import { table, writeJson } from '../ops/output.ts';
import { loadPlanInput } from '../ops/plan-input.ts';
import { rollbackText } from '../ops/rollback-text.ts';

export const spec: CommandSpec = {
  name: 'preview',
  usage: 'preview <plan> [--json] [--strict]',
  description: [
    "Read the plan's router (live weights and stickiness), each target group's health and each",
    "platform's readiness (ASG, ECS service, EKS nodegroups) — read-only, in the router's region —",
    'and print the weights every step will set, with warnings:',
    "  drift        the live weights are not the plan's start (100 on `from`)",
    "  stickiness   target-group stickiness outlasts a step's bake (sticky clients stay put)",
    '  retreat      the way back has fewer healthy targets than retreat.minHealthyTargets',
    '  destination  a target that will get traffic is not ready or has too few healthy targets',
    '  alarms       an alarm of the plan is in ALARM',
    'Exits 0 (1 with --strict when there are warnings), 2 for an invalid plan, 3 when AWS cannot be read.',
  ].join('\n'),
  flags: {
    strict: { type: 'boolean', description: 'exit 1 when there is any warning (a pipeline gate)' },
    ...jsonFlag,
  },
  positionals: { min: 1, max: 1, names: '<plan>' },
};

export type { PreviewResult, PreviewTarget, PreviewWarning };

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const { plan } = await loadPlanInput(args.positionals[0] as string, io);
    const result = await preview(plan, deps);
    if (booleanFlag(args, 'json')) writeJson(io, result);
    else io.stdout.write(`${render(result, plan)}\n`);
    return booleanFlag(args, 'strict') && result.warnings.length > 0 ? ExitCode.NotSucceeded : ExitCode.Ok;
  });
}

/** Reads the live router, health, readiness and alarms through the operator root; read-only. */
export function preview(plan: ResolvedPlan, deps: OpsDeps): Promise<PreviewResult> {
  return operation(() => previewPlan(plan, { ...rootOf(deps), clock: deps.clock }));
}

function render(result: PreviewResult, plan: ResolvedPlan): string {
  const names = Object.keys(plan.targets);
  const targetRows = [
    ['TARGET', 'PLATFORM', 'LIVE', 'HEALTHY', 'UNHEALTHY', 'READY'],
    ...result.targets.map((t) => [
      t.name,
      t.platform,
      `${t.liveWeight}%`,
      String(t.health.healthy),
      String(t.health.unhealthy + t.health.unavailable),
      t.ready ? 'yes' : `no: ${t.reasons.join('; ')}`,
    ]),
  ];
  const stepRows = [
    ['STEP', ...names, 'BAKE', 'APPROVAL'],
    ['now', ...names.map((n) => `${result.liveWeights[n] ?? 0}`), '', ''],
    ...result.steps.map((s) => [
      String(s.index + 1),
      ...names.map((n) => `${s.weights[n] ?? 0}`),
      formatDuration(s.bakeSeconds),
      s.approval ? 'before' : '',
    ]),
  ];
  const sticky = result.stickiness.enabled
    ? `stickiness ${formatDuration(result.stickiness.durationSeconds ?? 0)}`
    : 'no stickiness';
  return [
    `plan ${result.planName} on ${result.router.kind} ${result.router.arn} (${sticky})`,
    '',
    table(targetRows),
    '',
    table(stepRows),
    `rollback: ${rollbackText(plan, result.liveWeights)}`,
    '',
    // What the plan adds before real traffic (testRoute, gates.probe), as `cutover validate` says it.
    ...testRouteLines(plan).flatMap((line) => [line, '']),
    result.warnings.length === 0
      ? 'no warnings'
      : [
          `${result.warnings.length} warning(s):`,
          ...result.warnings.map((w) => `  ${w.kind}: ${w.message}`),
        ].join('\n'),
  ].join('\n');
}
