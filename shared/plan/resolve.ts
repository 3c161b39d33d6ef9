import type { z } from 'zod';
import { type Bake, checkBake, parseBake } from './bake.ts';
import { formatDuration, parseDuration } from './duration.ts';
import { describeValue, didYouMean, type PlanProblem, problem } from './problems.ts';
import { resolveHooks, resolveObservedSplit } from './resolve-hooks.ts';
import { resolveRollback } from './resolve-rollback.ts';
import { checkStepBakes, expandSteps } from './resolve-steps.ts';
import { checkEndpoints, resolveRouter, resolveTargets } from './resolve-targets.ts';
import { resolveProbe, resolveTestRoute, withProbe } from './resolve-test-route.ts';
import {
  type PlanDocument,
  PlanDocumentSchema,
  type PlanDocumentTarget,
  PlanTargetSchema,
} from './schema.ts';
import { zodIssuesToProblems } from './schema-issues.ts';
import type { ApprovalPolicy, ChangeWindow, Gates, ResolvedPlan, Weekday } from './types.ts';

export type PlanResult =
  | { readonly ok: true; readonly plan: ResolvedPlan }
  | { readonly ok: false; readonly problems: readonly PlanProblem[] };

/** What a plan gets for every field it leaves out (DESIGN.md §4). */
export const PLAN_DEFAULTS = {
  bakeSeconds: 600,
  intervalSeconds: 15,
  minHealthyTargets: 1,
  retreatMinHealthyTargets: 1,
  minRequests: 100,
  // biome-ignore lint/suspicious/noThenProperty: the plan contract (DESIGN.md §4) names this field `then`
  inconclusive: { maxConsecutive: 8, then: 'pause' },
  onFailure: 'rollback',
  approvalTimeoutSeconds: 4 * 3_600,
  approvalOnTimeout: 'rollback',
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  between: ['00:00', '24:00'],
  capacityHeadroom: 1.5,
} as const;

/** Gate polls faster than ALB's fastest health check only add cost; slower ones blunt detection. */
export const MIN_INTERVAL_SECONDS = 5;
export const MAX_INTERVAL_SECONDS = 3_600;
export const MIN_APPROVAL_TIMEOUT_SECONDS = 60;
/** A Standard workflow execution lasts at most one year. */
export const MAX_EXECUTION_SECONDS = 365 * 86_400;

/**
 * Checks a raw plan document (YAML/JSON already parsed) against the schema and every semantic rule,
 * and returns either the resolved plan or every problem found — not just the first. Pure: it does
 * not read the clock (see `staleProblem` for `notAfter`).
 */
export function resolvePlan(raw: unknown): PlanResult {
  if (!isMapping(raw)) return notAPlan(raw);
  const problems: PlanProblem[] = [];
  const parsed = PlanDocumentSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) problems.push(...zodIssuesToProblems(parsed.error.issues, PlanDocumentSchema));
  // Keep checking what did parse, so one typo does not hide every other problem.
  const doc = parsed.success ? parsed.data : salvage(raw);
  const names = isMapping(raw.targets) ? Object.keys(raw.targets) : [];

  const router = resolveRouter(doc.router, problems);
  const targets =
    doc.targets === undefined ? undefined : resolveTargets(names, doc.targets, router, problems);
  const endpoints = checkEndpoints(names, doc.from, doc.to, problems);

  const intervalSeconds =
    doc.interval === undefined ? PLAN_DEFAULTS.intervalSeconds : parseDuration(doc.interval);
  const bake: Bake = doc.bake === undefined ? { seconds: PLAN_DEFAULTS.bakeSeconds } : parseBake(doc.bake);
  checkTiming(doc, intervalSeconds, problems);

  const steps = resolveSteps(doc, { names, endpoints, bake, intervalSeconds }, problems);
  checkRetreat(doc.retreat, doc.from, problems);
  const gates = resolveGates(doc.gates, problems);
  // The written testRoute counts even when it has its own problems: those are reported at testRoute.
  const probe = resolveProbe(doc.gates?.probe, raw.testRoute !== undefined, problems);
  const testRoute = resolveTestRoute(doc.testRoute, doc.name);
  const hooks = resolveHooks(doc.hooks, router?.accountId, problems);
  const window = doc.window === undefined ? undefined : resolveWindow(doc.window, problems);
  checkNotAfter(doc.notAfter, problems);

  const approval = resolveApproval(doc, steps?.some((s) => s.approval) ?? false);
  if (steps !== undefined) checkTotalDuration(steps, approval, problems);
  const rollback = resolveRollback(doc.rollback, { to: doc.to, steps, intervalSeconds }, problems);

  if (problems.length > 0 || !parsed.success) return { ok: false, problems: dedupe(problems) };
  // Everything below exists: a successful parse with no problems resolved every part.
  const plan: ResolvedPlan = {
    name: parsed.data.name,
    router: router as NonNullable<typeof router>,
    targets: targets as NonNullable<typeof targets>,
    from: parsed.data.from,
    to: parsed.data.to,
    steps: steps as NonNullable<typeof steps>,
    // The probe runs at every gate poll, so a probe more frequent than `interval` sets the cadence.
    intervalSeconds: probe ? Math.min(intervalSeconds, probe.everySeconds) : intervalSeconds,
    gates: probe ? withProbe(gates, probe, intervalSeconds) : gates,
    ...(testRoute ? { testRoute } : {}),
    ...expectedTrafficOf(parsed.data),
    retreat: resolveRetreat(parsed.data.retreat),
    ...(approval === undefined ? {} : { approval }),
    onFailure: parsed.data.onFailure ?? PLAN_DEFAULTS.onFailure,
    ...(window === undefined ? {} : { window }),
    ...(parsed.data.notAfter === undefined ? {} : { notAfter: parsed.data.notAfter }),
    ...capacityOf(parsed.data),
    ...(hooks === undefined ? {} : { hooks }),
    ...(parsed.data.kind === 'retreat-drill' ? { kind: 'retreat-drill' as const } : {}),
    ...(rollback === undefined ? {} : { rollback }),
  };
  return { ok: true, plan };
}

function notAPlan(raw: unknown): PlanResult {
  const found = describeValue(raw);
  return {
    ok: false,
    problems: [
      problem([], `not a plan; got ${found}; allowed a mapping with name, router, targets, from, to, steps`),
    ],
  };
}

function resolveSteps(
  doc: Partial<PlanDocument>,
  context: {
    readonly names: readonly string[];
    readonly endpoints: ReturnType<typeof checkEndpoints>;
    readonly bake: Bake;
    readonly intervalSeconds: number;
  },
  problems: PlanProblem[],
) {
  const { endpoints } = context;
  if (endpoints === undefined || doc.steps === undefined) return undefined;
  const drill =
    doc.kind === 'retreat-drill' ? { drill: { returnBakeSeconds: context.intervalSeconds * 2 } } : {};
  return expandSteps(
    {
      targetNames: [...context.names],
      from: endpoints.from,
      to: endpoints.to,
      steps: doc.steps,
      defaultBake: context.bake,
      approveBefore: doc.approval?.before ?? [],
      ...drill,
    },
    problems,
  );
}

function expectedTrafficOf(doc: PlanDocument): Pick<ResolvedPlan, 'expectedTraffic'> {
  if (doc.expectedTraffic === undefined) return {};
  const { requestsPerSecond, errorPercent } = doc.expectedTraffic;
  return { expectedTraffic: { requestsPerSecond, errorPercent: errorPercent ?? 0.1 } };
}

function capacityOf(doc: PlanDocument): Pick<ResolvedPlan, 'capacity'> {
  if (doc.capacity === undefined) return {};
  const headroom = doc.capacity.headroom ?? PLAN_DEFAULTS.capacityHeadroom;
  return { capacity: { headroom, scaleAhead: doc.capacity.scaleAhead ?? false } };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Each top-level field (and each target) parsed on its own; the ones that pass feed the semantic checks. */
function salvage(raw: Record<string, unknown>): Partial<PlanDocument> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(PlanDocumentSchema.shape)) {
    if (key === 'targets') continue;
    const result = (field as z.ZodType).safeParse(raw[key]);
    if (result.success && result.data !== undefined) out[key] = result.data;
  }
  if (isMapping(raw.targets)) {
    const targets: Record<string, PlanDocumentTarget> = {};
    for (const [name, value] of Object.entries(raw.targets)) {
      const result = PlanTargetSchema.safeParse(value);
      if (result.success) targets[name] = result.data;
    }
    out.targets = targets;
  }
  return out as Partial<PlanDocument>;
}

function resolveRetreat(retreat: PlanDocument['retreat']): ResolvedPlan['retreat'] {
  const minHealthyTargets = retreat?.minHealthyTargets ?? PLAN_DEFAULTS.retreatMinHealthyTargets;
  return retreat?.sourceMayBeDead === undefined
    ? { minHealthyTargets }
    : { minHealthyTargets, sourceMayBeDead: retreat.sourceMayBeDead };
}

/**
 * `retreat.sourceMayBeDead` turns off every capacity check on the platform being left, so it must
 * name that platform: a `true` copied from another plan, or the wrong target, is refused.
 */
function checkRetreat(retreat: PlanDocument['retreat'], from: unknown, problems: PlanProblem[]): void {
  const named = retreat?.sourceMayBeDead;
  if (named === undefined || named === from) return;
  problems.push(
    problem(
      ['retreat', 'sourceMayBeDead'],
      `must name the target this plan leaves; got ${describeValue(named)}; allowed ${describeValue(from)} (the plan's from)`,
      `write sourceMayBeDead: ${typeof from === 'string' ? from : '<from>'} only for an emergency retreat from a platform that may have no healthy targets; otherwise remove it`,
    ),
  );
}

function dedupe(problems: readonly PlanProblem[]): PlanProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function checkTiming(doc: Partial<PlanDocument>, intervalSeconds: number, problems: PlanProblem[]): void {
  if (intervalSeconds < MIN_INTERVAL_SECONDS || intervalSeconds > MAX_INTERVAL_SECONDS) {
    problems.push(
      problem(
        ['interval'],
        `out of range; got ${doc.interval}; allowed ${formatDuration(MIN_INTERVAL_SECONDS)}–${formatDuration(MAX_INTERVAL_SECONDS)}`,
        intervalSeconds < MIN_INTERVAL_SECONDS
          ? 'ALB health checks run at most every 5s; faster polls see nothing new'
          : 'a slow poll delays detecting a failing destination',
      ),
    );
  }
  if (doc.bake !== undefined) checkBake(doc.bake, ['bake'], intervalSeconds, problems);
  if (doc.steps !== undefined) checkStepBakes(doc.steps, intervalSeconds, problems);
  const timeout = doc.approval?.timeout;
  if (timeout !== undefined && parseDuration(timeout) < MIN_APPROVAL_TIMEOUT_SECONDS) {
    problems.push(
      problem(
        ['approval', 'timeout'],
        `too short; got ${timeout}; allowed ≥ 1m`,
        'give a human time to read the step before it times out',
      ),
    );
  }
}

function resolveGates(gates: PlanDocument['gates'], problems: PlanProblem[]): Gates {
  const alarms = gates?.alarms ?? [];
  const seen = new Set<string>();
  alarms.forEach((alarm, index) => {
    if (seen.has(alarm))
      problems.push(
        problem(
          ['gates', 'alarms', index],
          `duplicate alarm; got ${describeValue(alarm)}; allowed each alarm once`,
        ),
      );
    seen.add(alarm);
  });
  const errorRate = gates?.errorRate;
  const latency = gates?.latencyP99;
  return {
    minHealthyTargets: gates?.minHealthyTargets ?? PLAN_DEFAULTS.minHealthyTargets,
    ...(errorRate === undefined
      ? {}
      : {
          errorRate: {
            maxPercent: errorRate.maxPercent,
            ...(errorRate.maxRatioToSource === undefined
              ? {}
              : { maxRatioToSource: errorRate.maxRatioToSource }),
            minRequests: errorRate.minRequests ?? PLAN_DEFAULTS.minRequests,
          },
        }),
    ...(latency === undefined
      ? {}
      : {
          latencyP99: {
            maxMs: latency.maxMs,
            ...(latency.maxRatioToSource === undefined ? {} : { maxRatioToSource: latency.maxRatioToSource }),
            minRequests: latency.minRequests ?? PLAN_DEFAULTS.minRequests,
          },
        }),
    alarms,
    ...(gates?.falseAlarmPercent === undefined ? {} : { falseAlarmPercent: gates.falseAlarmPercent }),
    ...(gates?.settle === undefined ? {} : { settleSeconds: parseDuration(gates.settle) }),
    inconclusive: {
      maxConsecutive: gates?.inconclusive?.maxConsecutive ?? PLAN_DEFAULTS.inconclusive.maxConsecutive,
      // biome-ignore lint/suspicious/noThenProperty: the plan contract (DESIGN.md §4) names this field `then`
      then: gates?.inconclusive?.then ?? PLAN_DEFAULTS.inconclusive.then,
    },
    ...(gates?.observedSplit === undefined
      ? {}
      : { observedSplit: resolveObservedSplit(gates.observedSplit) }),
  };
}

function resolveApproval(doc: Partial<PlanDocument>, anyStepApproval: boolean): ApprovalPolicy | undefined {
  if (doc.approval === undefined && !anyStepApproval) return undefined;
  return {
    before: doc.approval?.before ?? [],
    timeoutSeconds:
      doc.approval?.timeout === undefined
        ? PLAN_DEFAULTS.approvalTimeoutSeconds
        : parseDuration(doc.approval.timeout),
    onTimeout: doc.approval?.onTimeout ?? PLAN_DEFAULTS.approvalOnTimeout,
  };
}

function checkTotalDuration(
  steps: readonly { bakeSeconds: number; approval: boolean }[],
  approval: ApprovalPolicy | undefined,
  problems: PlanProblem[],
): void {
  const approvals = steps.filter((s) => s.approval).length;
  const longest =
    steps.reduce((sum, s) => sum + s.bakeSeconds, 0) + approvals * (approval?.timeoutSeconds ?? 0);
  if (longest > MAX_EXECUTION_SECONDS) {
    problems.push(
      problem(
        ['steps'],
        `plan may run too long; got ${formatDuration(longest)} of bakes and approval timeouts; allowed ≤ 365d`,
        'a Step Functions execution lasts at most one year; shorten bakes or split the plan',
      ),
    );
  }
}

let timeZones: readonly string[] | undefined;

/** IANA zones this runtime knows, for "did you mean" (computed once, only when a zone is wrong). */
function knownTimeZones(): readonly string[] {
  timeZones ??= Intl.supportedValuesOf('timeZone');
  return timeZones;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}

function resolveWindow(
  window: NonNullable<PlanDocument['window']>,
  problems: PlanProblem[],
): ChangeWindow | undefined {
  const before = problems.length;
  if (!isValidTimeZone(window.timeZone)) {
    problems.push(
      problem(
        ['window', 'timeZone'],
        `unknown time zone; got ${describeValue(window.timeZone)}; allowed an IANA zone such as Asia/Tokyo, Europe/Berlin, UTC`,
        didYouMean(window.timeZone, knownTimeZones()),
      ),
    );
  }
  const days = window.days ?? PLAN_DEFAULTS.days;
  const seen = new Set<string>();
  days.forEach((day, index) => {
    if (seen.has(day))
      problems.push(
        problem(['window', 'days', index], `duplicate day; got ${describeValue(day)}; allowed each day once`),
      );
    seen.add(day);
  });
  const between = window.between ?? PLAN_DEFAULTS.between;
  if (between[0] >= between[1]) {
    problems.push(
      problem(
        ['window', 'between'],
        `start is not before end; got ["${between[0]}", "${between[1]}"]; allowed start < end`,
        'windows across midnight are not supported; use two days or widen the window',
      ),
    );
  }
  if (problems.length > before) return undefined;
  return { timeZone: window.timeZone, days: days as readonly Weekday[], between: [between[0], between[1]] };
}

/** The schema checked the shape; this checks the calendar (no 30 February) and the offset. */
function checkNotAfter(notAfter: string | undefined, problems: PlanProblem[]): void {
  if (notAfter === undefined) return;
  if (!isRealInstant(notAfter)) {
    problems.push(
      problem(
        ['notAfter'],
        `not a real date and time; got ${describeValue(notAfter)}; allowed an ISO-8601 instant with offset, e.g. 2026-12-01T09:00:00+09:00`,
      ),
    );
  }
}

export function isRealInstant(text: string): boolean {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(text);
  if (match === null) return false;
  const [, y, mo, d, h, mi, s = '0', , , oh = '0', om = '0'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    Number(oh) <= 14 &&
    Number(om) <= 59 &&
    !Number.isNaN(Date.parse(text))
  );
}
