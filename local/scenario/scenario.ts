import { readFile } from 'node:fs/promises';
import { PlanInvalidError, ScenarioInvalidError } from '#core/errors';
import { parseDuration } from '#plan/duration';
import type { HookPoint } from '#plan/hook-types';
import {
  describeValue,
  didYouMean,
  formatProblem,
  type PlanPath,
  type PlanProblem,
  pathToString,
  problem,
} from '#plan/problems';
import { isRealInstant } from '#plan/resolve';
import { zodIssuesToProblems } from '#plan/schema-issues';
import { parsePlanText } from '#plan/text';
import type { ResolvedPlan } from '#plan/types';
import type { SandboxHookBehaviour, SplitSkew } from '../sandbox/hooks.ts';
import type { AlarmStateValue, HealthCheckSettings, PublicationDelay } from '../sandbox/index.ts';
import { DEFAULT_METRICS_DELAY, SIMULATED_COMMANDS } from '../sandbox/index.ts';
import { resolveScenarioHooks, resolveSplitSkew } from './hooks-schema.ts';
import { FAULT_KINDS, type ScenarioDocument, ScenarioSchema } from './schema.ts';

export type ApprovalAnswerValue = 'approve' | 'reject' | 'timeout';
export type PauseAnswerValue = 'wait' | 'resume' | 'rollback';

export interface ScenarioTarget {
  readonly healthyTargets: number;
  readonly registeredTargets: number;
  readonly errorPercent: number;
  readonly p99Ms: number;
  readonly ready: boolean;
  readonly targetType: 'instance' | 'ip';
  /** eks targets with kubernetes: the workload's desired and ready replicas. */
  readonly replicas: number;
  readonly readyReplicas: number;
  readonly capacityPerTarget?: number;
  readonly scaleSeconds: number;
}

export type ScenarioFault =
  | {
      readonly kind: 'target';
      readonly atSeconds: number;
      readonly target: string;
      readonly set: Partial<Omit<ScenarioTarget, 'registeredTargets'>>;
    }
  | {
      readonly kind: 'api';
      readonly atSeconds: number;
      readonly api: string;
      readonly error: string;
      readonly count: number;
    }
  | { readonly kind: 'drift'; readonly atSeconds: number; readonly weights: Readonly<Record<string, number>> }
  | { readonly kind: 'lease'; readonly atSeconds: number; readonly heldBy: string }
  | {
      readonly kind: 'alarm';
      readonly atSeconds: number;
      readonly alarm: string;
      readonly state: AlarmStateValue;
    }
  | {
      readonly kind: 'abort';
      readonly atSeconds: number;
      readonly by: string;
      readonly reason: string;
      /** StopExecution instead of the lease flag. */
      readonly force: boolean;
    }
  | { readonly kind: 'deleteTargetGroup'; readonly atSeconds: number; readonly target: string }
  | {
      readonly kind: 'deploymentReplicas';
      readonly atSeconds: number;
      readonly target: string;
      readonly ready?: number;
      readonly replicas?: number;
    }
  | {
      readonly kind: 'rolloutInProgress';
      readonly atSeconds: number;
      readonly target: string;
      readonly forSeconds?: number;
    }
  | { readonly kind: 'scaleFails'; readonly atSeconds: number; readonly target: string }
  | {
      readonly kind: 'lambdaCrash';
      readonly atSeconds: number;
      /** Function name as the executor knows it (Shift, Rollback, …). */
      readonly fn: string;
      readonly count: number;
    };

/** A scenario checked against its plan, every default filled in. */
export interface Scenario {
  /** The file it came from, or `(default)`. */
  readonly source: string;
  readonly seed: number;
  readonly startAt: Date;
  readonly requestsPerSecond: number;
  readonly healthCheck: HealthCheckSettings;
  readonly metricsDelay: PublicationDelay;
  /** Every plan target. */
  readonly targets: Readonly<Record<string, ScenarioTarget>>;
  /** Percent per target; only the listed targets are in the router's forward action at the start. */
  readonly initialWeights: Readonly<Record<string, number>>;
  /** The answer to the n-th approval (0-based); past the end of a list, the last answer repeats. */
  readonly approvals: readonly ApprovalAnswerValue[];
  readonly pauses: PauseAnswerValue;
  readonly alarms: Readonly<Record<string, AlarmStateValue>>;
  /** In firing order (time, then file order). */
  readonly faults: readonly ScenarioFault[];
  /** How each lifecycle hook answers (points not listed: pass after 1 s). */
  readonly hooks?: Readonly<Partial<Record<HookPoint, SandboxHookBehaviour>>>;
  /** Target name → a share the ALB serves it instead of its weight. */
  readonly splitSkew?: Readonly<Record<string, SplitSkew>>;
}

/** Monday 2026-03-02 10:00 in Tokyo: inside the example plans' change windows, fixed for reproducibility. */
export const DEFAULT_START = '2026-03-02T01:00:00Z';
export const DEFAULT_SEED = 42;
export const DEFAULT_REQUESTS_PER_SECOND = 200;
export const DEFAULT_HEALTH_CHECK: HealthCheckSettings = {
  intervalSeconds: 10,
  unhealthyThreshold: 2,
  healthyThreshold: 2,
};
const DEFAULT_ERROR_PERCENT = 0.1;
/** Typical time for new capacity to serve: a Fargate task, an EC2 instance with its AMI boot, a pod. */
const DEFAULT_SCALE_SECONDS = { ecs: 60, ec2: 180, eks: 30 } as const;

/** The healthy world a plan is rehearsed in when no scenario is given. */
export function defaultScenario(plan: ResolvedPlan): Scenario {
  return resolveScenario({}, plan, '(default)');
}

/** Reads and checks a scenario file (YAML or JSON); throws ScenarioInvalidError listing every problem. */
/** `display` is how messages name the file (as the user typed it); `path` is what is opened. */
export async function loadScenario(path: string, plan: ResolvedPlan, display = path): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code ?? String(error)})`;
    throw new ScenarioInvalidError([`${display}: ${what}; allowed a scenario file (.yaml, .yml or .json)`]);
  }
  let raw: unknown;
  try {
    raw = parsePlanText(text, display);
  } catch (error) {
    if (error instanceof PlanInvalidError) throw new ScenarioInvalidError(error.problems);
    throw error;
  }
  if (raw === null || raw === undefined) raw = {};
  return resolveScenario(raw, plan, display);
}

/** The scenario's answers to approvals, in order (the last repeats); `approve` when it gives none. */
function resolveApprovals(
  given: ApprovalAnswerValue | readonly ApprovalAnswerValue[] | undefined,
  plan: ResolvedPlan,
  problems: PlanProblem[],
): ApprovalAnswerValue[] {
  const approvals: ApprovalAnswerValue[] = typeof given === 'string' ? [given] : [...(given ?? ['approve'])];
  if (
    given !== undefined &&
    plan.approval === undefined &&
    approvals.some((answer) => answer !== 'approve')
  ) {
    problems.push(
      problem(
        ['approvals'],
        `the plan asks for no approval, so ${JSON.stringify(given)} never applies; allowed approve, or add approval.before to the plan`,
      ),
    );
  }
  if (approvals.length === 0)
    problems.push(problem(['approvals'], 'empty list; allowed at least one answer'));
  return approvals;
}

/** Checks a raw scenario document against the plan; throws ScenarioInvalidError listing every problem. */
export function resolveScenario(raw: unknown, plan: ResolvedPlan, source: string): Scenario {
  const problems: PlanProblem[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid(source, [
      problem([], `not a mapping; got ${describeValue(raw)}; allowed a mapping of scenario fields`),
    ]);
  }
  const parsed = ScenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw invalid(source, zodIssuesToProblems(parsed.error.issues, ScenarioSchema));
  const doc = parsed.data;
  const names = Object.keys(plan.targets);
  const targetName = (path: PlanPath, name: string): boolean => {
    if (names.includes(name)) return true;
    problems.push(
      problem(
        path,
        `unknown target ${JSON.stringify(name)}; allowed ${names.join(', ')}`,
        didYouMean(name, names),
      ),
    );
    return false;
  };

  if (doc.startAt !== undefined && !isRealInstant(doc.startAt)) {
    problems.push(
      problem(
        ['startAt'],
        `not a real date and time; got ${describeValue(doc.startAt)}; allowed an ISO-8601 instant with offset, e.g. 2026-03-02T10:00:00+09:00`,
      ),
    );
  }
  problems.push(...reservedKeyProblems(raw as Record<string, unknown>));
  const targets = resolveTargets(doc, plan, problems, targetName);
  const initialWeights = resolveWeights(doc.initialWeights, ['initialWeights'], problems, targetName) ?? {
    [plan.from]: 100,
    ...Object.fromEntries(names.filter((name) => name !== plan.from).map((name) => [name, 0])),
  };
  const alarms: Record<string, AlarmStateValue> = Object.fromEntries(
    plan.gates.alarms.map((name) => [name, 'OK']),
  );
  Object.assign(alarms, doc.alarms ?? {});
  const faults = (doc.faults ?? []).flatMap((fault, index) =>
    resolveFault(fault, index, problems, targetName, alarms, plan),
  );
  if (doc.metricsDelaySeconds !== undefined && doc.metricsDelaySeconds.min > doc.metricsDelaySeconds.max) {
    problems.push(
      problem(
        ['metricsDelaySeconds'],
        `min is above max; got min ${doc.metricsDelaySeconds.min}, max ${doc.metricsDelaySeconds.max}; allowed min ≤ max`,
      ),
    );
  }
  for (const name of Object.keys(doc.splitSkew ?? {})) targetName(['splitSkew', name], name);
  const approvals = resolveApprovals(doc.approvals, plan, problems);
  if (problems.length > 0) throw invalid(source, problems);

  return {
    source,
    seed: doc.seed ?? DEFAULT_SEED,
    startAt: new Date(doc.startAt ?? DEFAULT_START),
    requestsPerSecond: doc.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
    healthCheck: { ...DEFAULT_HEALTH_CHECK, ...doc.healthCheck },
    metricsDelay:
      doc.metricsDelaySeconds === undefined
        ? DEFAULT_METRICS_DELAY
        : { minSeconds: doc.metricsDelaySeconds.min, maxSeconds: doc.metricsDelaySeconds.max },
    targets,
    initialWeights,
    approvals,
    pauses: doc.pauses ?? 'wait',
    alarms,
    ...(doc.hooks === undefined ? {} : { hooks: resolveScenarioHooks(doc.hooks) }),
    ...(doc.splitSkew === undefined ? {} : { splitSkew: resolveSplitSkew(doc.splitSkew) }),
    faults: faults
      .map((fault, order) => ({ fault, order }))
      .sort((a, b) => a.fault.atSeconds - b.fault.atSeconds || a.order - b.order)
      .map(({ fault }) => fault),
  };
}

/** How many healthy targets each target has by default: comfortably above both plan minimums. */
export function defaultHealthyTargets(plan: ResolvedPlan): number {
  return Math.max(3, plan.gates.minHealthyTargets + 1, plan.retreat.minHealthyTargets + 1);
}

function resolveTargets(
  doc: ScenarioDocument,
  plan: ResolvedPlan,
  problems: PlanProblem[],
  targetName: (path: PlanPath, name: string) => boolean,
): Record<string, ScenarioTarget> {
  for (const name of Object.keys(doc.targets ?? {})) targetName(['targets', name], name);
  const healthy = defaultHealthyTargets(plan);
  return Object.fromEntries(
    Object.keys(plan.targets).map((name) => {
      const given = doc.targets?.[name] ?? {};
      const healthyTargets = given.healthyTargets ?? healthy;
      const registeredTargets = given.registeredTargets ?? healthyTargets;
      if (registeredTargets < healthyTargets) {
        problems.push(
          problem(
            ['targets', name, 'registeredTargets'],
            `fewer registered than healthy targets; got ${registeredTargets} < ${healthyTargets}; allowed ≥ healthyTargets`,
          ),
        );
      }
      const platform = plan.targets[name]?.platform;
      const replicas = given.replicas ?? healthyTargets;
      return [
        name,
        {
          healthyTargets,
          registeredTargets,
          errorPercent: given.errorPercent ?? DEFAULT_ERROR_PERCENT,
          p99Ms: given.p99Ms ?? (name === plan.from ? 120 : 100),
          ready: given.ready ?? true,
          targetType: given.targetType ?? (platform === 'ec2' ? 'instance' : 'ip'),
          replicas,
          readyReplicas: Math.min(given.readyReplicas ?? replicas, replicas),
          ...(given.capacityPerTarget === undefined ? {} : { capacityPerTarget: given.capacityPerTarget }),
          scaleSeconds: given.scaleSeconds ?? DEFAULT_SCALE_SECONDS[platform ?? 'ecs'],
        },
      ];
    }),
  );
}

function resolveWeights(
  weights: Readonly<Record<string, number>> | undefined,
  path: PlanPath,
  problems: PlanProblem[],
  targetName: (path: PlanPath, name: string) => boolean,
): Record<string, number> | undefined {
  if (weights === undefined) return undefined;
  const known = Object.entries(weights).filter(([name]) => targetName([...path, name], name));
  const sum = known.reduce((total, [, value]) => total + value, 0);
  if (known.length === Object.keys(weights).length && sum !== 100) {
    const listed = known.map(([name, value]) => `${name}=${value}`).join(', ');
    problems.push(
      problem(
        path,
        `weights must sum to 100; got ${sum}${listed ? ` (${listed})` : ''}; allowed integer percents summing to 100`,
      ),
    );
  }
  return Object.fromEntries(known);
}

function resolveFault(
  raw: unknown,
  index: number,
  problems: PlanProblem[],
  targetName: (path: PlanPath, name: string) => boolean,
  alarms: Readonly<Record<string, AlarmStateValue>>,
  plan: ResolvedPlan,
): ScenarioFault[] {
  const path: PlanPath = ['faults', index];
  const parsed = parseFault(raw, path, problems);
  if (parsed === undefined) return [];
  return faultOfKind(parsed.kind, parsed.fault, { path, problems, targetName, alarms, plan });
}

interface FaultContext {
  readonly path: PlanPath;
  readonly problems: PlanProblem[];
  readonly targetName: (path: PlanPath, name: string) => boolean;
  readonly alarms: Readonly<Record<string, AlarmStateValue>>;
  readonly plan: ResolvedPlan;
}

type ParsedFault = Record<string, unknown> & { at: string };

/** A fault entry of exactly one known kind whose fields pass its schema, or problems saying why not. */
function parseFault(
  raw: unknown,
  path: PlanPath,
  problems: PlanProblem[],
): { kind: keyof typeof FAULT_KINDS; fault: ParsedFault } | undefined {
  const kinds = Object.keys(FAULT_KINDS) as (keyof typeof FAULT_KINDS)[];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(
      problem(
        path,
        `not a mapping; got ${describeValue(raw)}; allowed a fault with at and one of ${kinds.join(', ')}`,
      ),
    );
    return undefined;
  }
  const present = kinds.filter((kind) => kind in raw);
  if (present.length !== 1) {
    const keys = Object.keys(raw).filter((key) => key !== 'at');
    const near = keys.map((key) => didYouMean(key, kinds)).find((hint) => hint !== undefined);
    problems.push(
      problem(
        path,
        present.length === 0
          ? `fault of unknown kind; got fields ${keys.join(', ') || 'none'}; allowed exactly one of ${kinds.join(', ')}`
          : `fault of several kinds at once; got ${present.join(', ')}; allowed exactly one of ${kinds.join(', ')}`,
        near,
      ),
    );
    return undefined;
  }
  const kind = present[0] as keyof typeof FAULT_KINDS;
  const schema = FAULT_KINDS[kind];
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const found of zodIssuesToProblems(parsed.error.issues, schema)) {
      problems.push({ ...found, path: prefixed(path, found.path) });
    }
    return undefined;
  }
  return { kind, fault: parsed.data as ParsedFault };
}

/** The fault a scenario entry of `kind` describes, with its names checked against the plan. */
function faultOfKind(kind: keyof typeof FAULT_KINDS, fault: ParsedFault, ctx: FaultContext): ScenarioFault[] {
  const { path, problems, targetName } = ctx;
  const atSeconds = parseDuration(fault.at);
  switch (kind) {
    case 'target': {
      const { target, set } = fault as unknown as { target: string; set: Record<string, unknown> };
      if (!targetName([...path, 'target'], target)) return [];
      if (Object.keys(set).length === 0) {
        problems.push(
          problem(
            [...path, 'set'],
            'nothing to change; allowed one or more of healthyTargets, errorPercent, p99Ms, ready',
          ),
        );
        return [];
      }
      return [{ kind: 'target', atSeconds, target, set }];
    }
    case 'api':
      return apiFault(fault, atSeconds, ctx);
    case 'drift': {
      const weights = resolveWeights(
        fault.drift as Record<string, number>,
        [...path, 'drift'],
        problems,
        targetName,
      );
      return weights === undefined ? [] : [{ kind: 'drift', atSeconds, weights }];
    }
    case 'leaseHeldBy':
      return [{ kind: 'lease', atSeconds, heldBy: fault.leaseHeldBy as string }];
    case 'alarm':
      return alarmFault(fault, atSeconds, ctx);
    case 'abort': {
      const { by, reason, force } = fault.abort as { by: string; reason: string; force?: boolean };
      return [{ kind: 'abort', atSeconds, by, reason, force: force ?? false }];
    }
    case 'deleteTargetGroup': {
      const target = fault.deleteTargetGroup as string;
      if (!targetName([...path, 'deleteTargetGroup'], target)) return [];
      return [{ kind: 'deleteTargetGroup', atSeconds, target }];
    }
    case 'deploymentReplicas':
      return deploymentReplicasFault(fault, atSeconds, ctx);
    case 'rolloutInProgress': {
      const target = fault.rolloutInProgress as string;
      if (!targetName([...path, 'rolloutInProgress'], target)) return [];
      const lasting = fault.for as string | undefined;
      return [
        {
          kind: 'rolloutInProgress',
          atSeconds,
          target,
          ...(lasting === undefined ? {} : { forSeconds: parseDuration(lasting) }),
        },
      ];
    }
    case 'scaleFails': {
      const target = fault.scaleFails as string;
      if (!targetName([...path, 'scaleFails'], target)) return [];
      return [{ kind: 'scaleFails', atSeconds, target }];
    }
    case 'lambdaCrashAfterWrite': {
      const { count } = fault as { count?: number };
      return [
        { kind: 'lambdaCrash', atSeconds, fn: fault.lambdaCrashAfterWrite as string, count: count ?? 1 },
      ];
    }
  }
}

function apiFault(fault: ParsedFault, atSeconds: number, ctx: FaultContext): ScenarioFault[] {
  const { path, problems } = ctx;
  const { api, error, count } = fault as unknown as { api: string; error: string; count?: number };
  if (!SIMULATED_COMMANDS.includes(api)) {
    const hint =
      didYouMean(api.replace(/Command$/, ''), SIMULATED_COMMANDS) ??
      'write the API name without the Command suffix';
    problems.push(
      problem(
        [...path, 'api'],
        `unknown API ${JSON.stringify(api)}; allowed ${SIMULATED_COMMANDS.join(', ')}`,
        hint,
      ),
    );
    return [];
  }
  return [{ kind: 'api', atSeconds, api, error, count: count ?? 1 }];
}

function alarmFault(fault: ParsedFault, atSeconds: number, ctx: FaultContext): ScenarioFault[] {
  const { path, problems, alarms } = ctx;
  const alarm = fault.alarm as string;
  const known = Object.keys(alarms);
  if (!known.includes(alarm)) {
    problems.push(
      problem(
        [...path, 'alarm'],
        `unknown alarm ${JSON.stringify(alarm)}; allowed ${known.join(', ') || 'none (the plan gates on no alarm)'}`,
        didYouMean(alarm, known),
      ),
    );
    return [];
  }
  return [{ kind: 'alarm', atSeconds, alarm, state: fault.state as AlarmStateValue }];
}

function deploymentReplicasFault(fault: ParsedFault, atSeconds: number, ctx: FaultContext): ScenarioFault[] {
  const { path, problems, targetName, plan } = ctx;
  const {
    deploymentReplicas: target,
    ready,
    replicas,
  } = fault as unknown as {
    deploymentReplicas: string;
    ready?: number;
    replicas?: number;
  };
  if (!targetName([...path, 'deploymentReplicas'], target)) return [];
  const found = plan.targets[target];
  if (found?.platform !== 'eks' || found.kubernetes === undefined) {
    problems.push(
      problem(
        [...path, 'deploymentReplicas'],
        `not an eks target with kubernetes; got ${target}; allowed ${kubernetesTargets(plan).join(', ') || 'none in this plan'}`,
      ),
    );
    return [];
  }
  if (ready === undefined && replicas === undefined) {
    problems.push(problem(path, 'nothing to change; allowed ready, replicas or both'));
    return [];
  }
  return [
    {
      kind: 'deploymentReplicas',
      atSeconds,
      target,
      ...(ready === undefined ? {} : { ready }),
      ...(replicas === undefined ? {} : { replicas }),
    },
  ];
}

function kubernetesTargets(plan: ResolvedPlan): string[] {
  return Object.values(plan.targets)
    .filter((target) => target.platform === 'eks' && target.kubernetes !== undefined)
    .map((target) => target.name);
}

function prefixed(path: PlanPath, inner: string): string {
  const base = pathToString(path);
  if (inner === '(plan)') return base;
  return inner.startsWith('[') ? `${base}${inner}` : `${base}.${inner}`;
}

function invalid(source: string, problems: readonly PlanProblem[]): ScenarioInvalidError {
  return new ScenarioInvalidError(
    problems.map(
      (found) =>
        `${source}: ${formatProblem({ ...found, path: found.path === '(plan)' ? '(scenario)' : found.path })}`,
    ),
  );
}

/**
 * Keys a JavaScript object cannot hold as data (`__proto__` is dropped or becomes the prototype):
 * a scenario naming one would be silently ignored, so it is refused, naming where.
 */
function reservedKeyProblems(raw: Record<string, unknown>): PlanProblem[] {
  const found: PlanProblem[] = [];
  const visit = (value: unknown, path: PlanPath, depth: number) => {
    if (typeof value !== 'object' || value === null || depth > 8) return;
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
        found.push(
          problem(
            [...path, key],
            `reserved name; got ${JSON.stringify(key)}; allowed target and field names`,
          ),
        );
      } else visit(child, [...path, Array.isArray(value) ? Number(key) : key], depth + 1);
    }
  };
  visit(raw, [], 0);
  return found;
}
