import { AlbTrafficRouter } from '../../shared/aws/alb-traffic-router.ts';
import { ElbTargetHealthSource } from '../../shared/aws/elb-target-health-source.ts';
import { type ActionShape, forwardActionIndex } from '../../shared/core/forward-action.ts';
import { foreignTargetGroups, toTargetNameWeights } from '../../shared/core/target-weights.ts';
import { formatWeights, sameWeights, type Weights } from '../../shared/core/weights.ts';
import { formatDuration } from '../../shared/plan/index.ts';
import type { ResolvedPlan } from '../../shared/plan/types.ts';
import type { TargetHealthCounts } from '../../shared/ports/target-health.ts';
import { platformFor } from '../../shared/runtime/wiring/platform-port.ts';
import { booleanFlag, type CommandSpec, jsonFlag, runCommand } from '../command.ts';
import { awsCall } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';
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
    'Exits 0 (1 with --strict when there are warnings), 2 for an invalid plan, 3 when AWS cannot be read.',
  ].join('\n'),
  flags: {
    strict: { type: 'boolean', description: 'exit 1 when there is any warning (a pipeline gate)' },
    ...jsonFlag,
  },
  positionals: { min: 1, max: 1, names: '<plan>' },
};

export interface PreviewWarning {
  readonly kind: 'drift' | 'stickiness' | 'retreat' | 'destination' | 'stale';
  readonly message: string;
}

export interface PreviewTarget {
  readonly name: string;
  readonly platform: string;
  readonly targetGroupArn: string;
  readonly liveWeight: number;
  readonly health: Omit<TargetHealthCounts, 'targetGroupArn'>;
  readonly ready: boolean;
  readonly reasons: readonly string[];
}

export interface PreviewResult {
  readonly planName: string;
  readonly router: { readonly kind: string; readonly arn: string };
  /** Percent per target name (foreign target groups by ARN). */
  readonly liveWeights: Weights;
  readonly stickiness: { readonly enabled: boolean; readonly durationSeconds: number | null };
  readonly targets: readonly PreviewTarget[];
  readonly steps: readonly {
    readonly index: number;
    readonly weights: Weights;
    readonly bakeSeconds: number;
    readonly approval: boolean;
  }[];
  readonly warnings: readonly PreviewWarning[];
}

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const { plan } = await loadPlanInput(args.positionals[0] as string, io);
    const result = await preview(plan, deps);
    if (booleanFlag(args, 'json')) writeJson(io, result);
    else io.stdout.write(`${render(result, plan)}\n`);
    return booleanFlag(args, 'strict') && result.warnings.length > 0 ? ExitCode.NotSucceeded : ExitCode.Ok;
  });
}

/** Reads the live router, health and readiness; pure checks decide the warnings. */
export async function preview(plan: ResolvedPlan, deps: OpsDeps): Promise<PreviewResult> {
  const clients = deps.clientsFor(plan.router.region);
  const targetNames = Object.fromEntries(Object.values(plan.targets).map((t) => [t.targetGroupArn, t.name]));
  const router = new AlbTrafficRouter({
    client: clients.elbv2,
    router: plan.router,
    clock: deps.clock,
    targetNames,
  });
  const snapshot = await awsCall(`reading ${plan.router.kind} ${plan.router.arn}`, () => router.snapshot());
  const health = new ElbTargetHealthSource({ client: clients.elbv2 });
  // The same readiness Preflight runs, Kubernetes workloads included (through the cluster's API).
  const platforms = platformFor(
    () => clients,
    () => health,
  );
  const targets: PreviewTarget[] = [];
  for (const target of Object.values(plan.targets)) {
    const counts = await awsCall(`reading the health of target group ${target.targetGroupArn}`, () =>
      health.health(target.targetGroupArn),
    );
    const readiness = await awsCall(
      `reading the readiness of target ${target.name} (${target.platform})`,
      () => platforms(plan.router, target).readiness(),
    );
    const { targetGroupArn: _, ...healthCounts } = counts;
    targets.push({
      name: target.name,
      platform: target.platform,
      targetGroupArn: target.targetGroupArn,
      liveWeight: snapshot.weights[target.targetGroupArn] ?? 0,
      health: healthCounts,
      ready: readiness.ready,
      reasons: readiness.reasons,
    });
  }
  const stickiness = stickinessOf(snapshot.actions as readonly ActionShape[]);
  const liveWeights = toTargetNameWeights(plan, snapshot.weights);
  return {
    planName: plan.name,
    router: { kind: plan.router.kind, arn: plan.router.arn },
    liveWeights,
    stickiness,
    targets,
    steps: plan.steps.map((s) => ({
      index: s.index,
      weights: s.weights,
      bakeSeconds: s.bakeSeconds,
      approval: s.approval,
    })),
    warnings: warningsFor(plan, {
      liveWeights,
      byArn: snapshot.weights,
      stickiness,
      targets,
      now: deps.clock.now(),
    }),
  };
}

export function stickinessOf(actions: readonly ActionShape[]): PreviewResult['stickiness'] {
  const forward = actions[forwardActionIndex(actions)];
  const config = forward?.ForwardConfig?.TargetGroupStickinessConfig;
  return config?.Enabled
    ? { enabled: true, durationSeconds: config.DurationSeconds ?? null }
    : { enabled: false, durationSeconds: null };
}

export function warningsFor(
  plan: ResolvedPlan,
  live: {
    readonly liveWeights: Weights;
    readonly byArn: Weights;
    readonly stickiness: PreviewResult['stickiness'];
    readonly targets: readonly PreviewTarget[];
    readonly now: Date;
  },
): PreviewWarning[] {
  const warnings: PreviewWarning[] = [];
  const start: Record<string, number> = {};
  for (const name of Object.keys(plan.targets)) start[name] = name === plan.from ? 100 : 0;
  if (!sameWeights(live.liveWeights, start)) {
    warnings.push({
      kind: 'drift',
      message: `router ${plan.router.arn}: live weights ${formatWeights(live.liveWeights)} are not the plan's start ${formatWeights(start)}; the first step would move traffic from where it is now — check who changed the router, or restore it first`,
    });
  }
  const foreign = foreignTargetGroups(plan, live.byArn);
  if (foreign.length > 0) {
    warnings.push({
      kind: 'drift',
      message: `router ${plan.router.arn}: target groups outside the plan carry traffic (${foreign.join(', ')}); add them to the plan or move their traffic first`,
    });
  }
  const shortestBake = Math.min(...plan.steps.map((s) => s.bakeSeconds));
  if (live.stickiness.enabled && (live.stickiness.durationSeconds ?? 0) > shortestBake) {
    warnings.push({
      kind: 'stickiness',
      message: `router ${plan.router.arn}: target-group stickiness lasts ${formatDuration(live.stickiness.durationSeconds ?? 0)}, longer than the shortest bake ${formatDuration(shortestBake)}; sticky clients keep their target through a step and a rollback — shorten the stickiness or lengthen the bake`,
    });
  }
  // The way back is wherever traffic is now (the snapshot): each of those targets must hold it —
  // the same targets and minimum Preflight checks, so preview warns exactly when Preflight refuses.
  for (const target of live.targets.filter((t) => t.liveWeight > 0)) {
    if (plan.retreat.sourceMayBeDead === target.name) {
      warnings.push({
        kind: 'retreat',
        message: `target ${target.name}: emergency retreat (retreat.sourceMayBeDead) — ${target.health.healthy} healthy targets, and none are required; a rollback that finds it dead holds the weights and pages`,
      });
    } else if (target.health.healthy < plan.retreat.minHealthyTargets) {
      warnings.push({
        kind: 'retreat',
        message: `target ${target.name}: ${target.health.healthy} healthy targets, retreat needs ${plan.retreat.minHealthyTargets}; preflight would stop the cutover — scale ${target.name} up first (or, to leave a dead platform, set retreat.sourceMayBeDead: ${target.name})`,
      });
    }
  }
  const receiving = new Set(
    plan.steps.flatMap((s) =>
      Object.entries(s.weights)
        .filter(([, w]) => w > 0)
        .map(([name]) => name),
    ),
  );
  for (const target of live.targets) {
    if (!receiving.has(target.name) || target.name === plan.from) continue;
    if (!target.ready) {
      warnings.push({
        kind: 'destination',
        message: `target ${target.name} (${target.platform}): not ready — ${target.reasons.join('; ') || 'no reason given'}; preflight would stop the cutover`,
      });
    }
    if (target.health.healthy < plan.gates.minHealthyTargets) {
      warnings.push({
        kind: 'destination',
        message: `target ${target.name}: ${target.health.healthy} healthy targets, gates need ${plan.gates.minHealthyTargets}; preflight would stop the cutover`,
      });
    }
  }
  if (plan.notAfter !== undefined && Date.parse(plan.notAfter) < live.now.getTime()) {
    warnings.push({
      kind: 'stale',
      message: `plan ${plan.name}: notAfter ${plan.notAfter} has passed; start would refuse it — move notAfter forward`,
    });
  }
  return warnings;
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
    result.warnings.length === 0
      ? 'no warnings'
      : [
          `${result.warnings.length} warning(s):`,
          ...result.warnings.map((w) => `  ${w.kind}: ${w.message}`),
        ].join('\n'),
  ].join('\n');
}
