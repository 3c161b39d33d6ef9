import { formatDuration } from '#plan/duration';
import type { ResolvedPlan } from '#plan/types';
import type { AlarmState } from '#ports/alarm-source';
import type { Clock } from '#ports/clock';
import type { TargetHealthCounts } from '#ports/target-health';
import { type ActionShape, forwardActionIndex } from '../forward-action.ts';
import { type PreflightFinding, preflightFindings, preflightVerdicts } from '../preflight-checks.ts';
import { toTargetNameWeights } from '../target-weights.ts';
import type { CutoverPorts } from '../use-cases/ports.ts';
import { formatWeights, sameWeights, type Weights } from '../weights.ts';
import { attempt } from './errors.ts';

export interface PreviewWarning {
  /** `alarms`: an alarm Preflight would refuse the start for is in ALARM. */
  readonly kind: 'drift' | 'stickiness' | 'retreat' | 'destination' | 'alarms' | 'stale';
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

export type PreviewPorts = Pick<CutoverPorts, 'routerFor' | 'healthFor' | 'platformFor' | 'alarmsFor'> & {
  readonly clock: Clock;
};

/** What preview read from AWS: the router now, and each target's health and readiness. */
export interface PreviewWorld {
  readonly byArn: Weights;
  readonly stickiness: PreviewResult['stickiness'];
  readonly targets: readonly PreviewTarget[];
  readonly alarms: Readonly<Record<string, AlarmState>>;
  readonly now: Date;
}

/** Reads the live router, health, readiness and alarms (read-only); pure checks decide the warnings. */
export async function previewPlan(plan: ResolvedPlan, ports: PreviewPorts): Promise<PreviewResult> {
  const world = await readPreviewWorld(plan, ports);
  const liveWeights = toTargetNameWeights(plan, world.byArn);
  return {
    planName: plan.name,
    router: { kind: plan.router.kind, arn: plan.router.arn },
    liveWeights,
    stickiness: world.stickiness,
    targets: world.targets,
    steps: plan.steps.map((s) => ({
      index: s.index,
      weights: s.weights,
      bakeSeconds: s.bakeSeconds,
      approval: s.approval,
    })),
    warnings: await previewWarnings(plan, world),
  };
}

export async function readPreviewWorld(plan: ResolvedPlan, ports: PreviewPorts): Promise<PreviewWorld> {
  const snapshot = await attempt(`reading ${plan.router.kind} ${plan.router.arn}`, () =>
    ports.routerFor(plan.router).snapshot(),
  );
  const health = ports.healthFor(plan.router);
  const targets: PreviewTarget[] = [];
  for (const target of Object.values(plan.targets)) {
    const { targetGroupArn: _, ...counts } = await attempt(
      `reading the health of target group ${target.targetGroupArn}`,
      () => health.health(target.targetGroupArn),
    );
    // The same readiness Preflight runs, Kubernetes workloads included (through the cluster's API).
    const readiness = await attempt(
      `reading the readiness of target ${target.name} (${target.platform})`,
      () => ports.platformFor(plan.router, target).readiness(),
    );
    const liveWeight = snapshot.weights[target.targetGroupArn] ?? 0;
    const { name, platform, targetGroupArn } = target;
    targets.push({
      name,
      platform,
      targetGroupArn,
      liveWeight,
      health: counts,
      ready: readiness.ready,
      reasons: readiness.reasons,
    });
  }
  const alarms =
    plan.gates.alarms.length === 0
      ? {}
      : await attempt(`reading the alarms ${plan.gates.alarms.join(', ')}`, () =>
          ports.alarmsFor(plan.router).states(plan.gates.alarms),
        );
  const stickiness = stickinessOf(snapshot.actions as readonly ActionShape[]);
  return { byArn: snapshot.weights, stickiness, targets, alarms, now: ports.clock.now() };
}

export function stickinessOf(actions: readonly ActionShape[]): PreviewResult['stickiness'] {
  const forward = actions[forwardActionIndex(actions)];
  const config = forward?.ForwardConfig?.TargetGroupStickinessConfig;
  return config?.Enabled
    ? { enabled: true, durationSeconds: config.DurationSeconds ?? null }
    : { enabled: false, durationSeconds: null };
}

/**
 * What Preflight would refuse, from the checks it runs over what preview read (the live weights are
 * the snapshot a start would take); a read preview could not make already stopped it.
 */
export async function preflightFindingsOf(
  plan: ResolvedPlan,
  world: PreviewWorld,
): Promise<PreflightFinding[]> {
  const byName = new Map(world.targets.map((t) => [t.name, t]));
  const counts = (name: string) => {
    const target = byName.get(name) as PreviewTarget;
    return { targetGroupArn: target.targetGroupArn, ...target.health };
  };
  const verdicts = await preflightVerdicts(plan, world.byArn, {
    health: async (target) => counts(target.name),
    readiness: async (target) => {
      const seen = byName.get(target.name) as PreviewTarget;
      return { target: target.name, platform: target.platform, ready: seen.ready, reasons: seen.reasons };
    },
    alarms: async () => world.alarms,
  });
  return preflightFindings(plan, world.byArn, verdicts);
}

const STOPS = 'preflight would stop the cutover';

/** Drift and stickiness (advisory), what Preflight would refuse, and a plan past its notAfter. */
export async function previewWarnings(plan: ResolvedPlan, world: PreviewWorld): Promise<PreviewWarning[]> {
  const findings = await preflightFindingsOf(plan, world);
  const of = (kind: PreflightFinding['kind']) => findings.filter((finding) => finding.kind === kind);
  return [
    ...startDrift(plan, world),
    ...of('foreign').map((f) => warning('drift', `router ${plan.router.arn}: ${f.reason}; ${STOPS}`)),
    ...of('drill-start').map((f) => warning('drift', `plan ${plan.name}: ${f.reason}; ${STOPS}`)),
    ...stickinessWarning(plan, world),
    ...emergencyRetreatNote(plan, world),
    ...of('retreat').map((f) =>
      warning(
        'retreat',
        `target ${f.reason}; ${STOPS} — scale ${f.subject} up first (or, to leave a dead platform, set retreat.sourceMayBeDead: ${f.subject})`,
      ),
    ),
    ...of('destination').map((f) => warning('destination', `target ${f.reason}; ${STOPS}`)),
    ...of('alarms').map((f) =>
      warning('alarms', `plan ${plan.name}: ${f.reason}; ${STOPS} — wait for the alarm to clear`),
    ),
    ...staleWarning(plan, world.now),
  ];
}

const warning = (kind: PreviewWarning['kind'], message: string): PreviewWarning => ({ kind, message });

function startDrift(plan: ResolvedPlan, world: PreviewWorld): PreviewWarning[] {
  const start: Record<string, number> = {};
  for (const name of Object.keys(plan.targets)) start[name] = name === plan.from ? 100 : 0;
  const live = toTargetNameWeights(plan, world.byArn);
  if (sameWeights(live, start)) return [];
  return [
    warning(
      'drift',
      `router ${plan.router.arn}: live weights ${formatWeights(live)} are not the plan's start ${formatWeights(start)}; the first step would move traffic from where it is now — check who changed the router, or restore it first`,
    ),
  ];
}

function stickinessWarning(plan: ResolvedPlan, world: PreviewWorld): PreviewWarning[] {
  const shortestBake = Math.min(...plan.steps.map((s) => s.bakeSeconds));
  const duration = world.stickiness.durationSeconds ?? 0;
  if (!world.stickiness.enabled || duration <= shortestBake) return [];
  return [
    warning(
      'stickiness',
      `router ${plan.router.arn}: target-group stickiness lasts ${formatDuration(duration)}, longer than the shortest bake ${formatDuration(shortestBake)}; sticky clients keep their target through a step and a rollback — shorten the stickiness or lengthen the bake${plan.gates.observedSplit ? ' (the observed-split gate allows each share anywhere between the previous and the current weight, so it will not mistake them for a broken split)' : ''}`,
    ),
  ];
}

/** Not a refusal: an emergency retreat leaves a platform that may be dead, and says so. */
function emergencyRetreatNote(plan: ResolvedPlan, world: PreviewWorld): PreviewWarning[] {
  const dead = world.targets.find((t) => t.liveWeight > 0 && t.name === plan.retreat.sourceMayBeDead);
  if (dead === undefined) return [];
  return [
    warning(
      'retreat',
      `target ${dead.name}: emergency retreat (retreat.sourceMayBeDead) — ${dead.health.healthy} healthy targets, and none are required; a rollback that finds it dead holds the weights and pages`,
    ),
  ];
}

function staleWarning(plan: ResolvedPlan, now: Date): PreviewWarning[] {
  if (plan.notAfter === undefined || Date.parse(plan.notAfter) >= now.getTime()) return [];
  return [
    warning(
      'stale',
      `plan ${plan.name}: notAfter ${plan.notAfter} has passed; start would refuse it — move notAfter forward`,
    ),
  ];
}
