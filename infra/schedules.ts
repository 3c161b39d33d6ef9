import { formatProblem, resolvePlan, staleProblem } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';

/** A recurring cutover: EventBridge Scheduler starts the state machine with the plan as input. */
export interface CutoverSchedule {
  /** Schedule name, unique in the schedule group: 1–64 of `[0-9a-zA-Z-_.]`. */
  readonly name: string;
  /**
   * The raw plan document (YAML converted to JSON) — exactly what becomes the execution input.
   * Read it with `readPlanDocument(path)` from `shared/plan`; it is validated with `resolvePlan` at
   * synth time, so an invalid plan fails `cdk synth` rather than the scheduled run.
   */
  readonly plan: unknown;
  /** Where the plan came from (a file path), for error messages. @default the schedule name */
  readonly planSource?: string;
  /**
   * EventBridge Scheduler cron with six fields — minutes hours day-of-month month day-of-week year —
   * e.g. `0 10 ? * MON-FRI *`; `cron(…)` around it is accepted.
   */
  readonly cron: string;
  /** IANA time zone the cron is read in (Scheduler handles DST). @default 'UTC' */
  readonly timeZone?: string;
  /** A disabled schedule is deployed but does not fire. @default true */
  readonly enabled?: boolean;
  /** @default a description naming the plan */
  readonly description?: string;
}

export interface CheckedSchedule {
  readonly name: string;
  readonly expression: string;
  readonly timeZone: string;
  readonly enabled: boolean;
  readonly description: string;
  readonly plan: ResolvedPlan;
  readonly document: unknown;
  /** `notAfter` when it is still ahead: the schedule ends there (a run after it would be refused). */
  readonly end?: Date;
  /** Set when `notAfter` has already passed at synth time. */
  readonly staleWarning?: string;
}

const SCHEDULE_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;

/** Validates one schedule completely (name, cron, time zone, plan, router) or throws naming it. */
export function checkSchedule(
  schedule: CutoverSchedule,
  allowedRouters: readonly string[],
  now: Date,
): CheckedSchedule {
  const subject = `Cutover schedule ${schedule.name}`;
  if (!SCHEDULE_NAME.test(schedule.name)) {
    throw new Error(`${subject}: name must be 1–64 characters of [0-9a-zA-Z-_.]; rename it`);
  }
  const fields = schedule.cron
    .trim()
    .replace(/^cron\((.*)\)$/, '$1')
    .trim()
    .split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(
      `${subject}: cron needs 6 fields (minutes hours day-of-month month day-of-week year); ` +
        `got ${fields.length} in "${schedule.cron}" — e.g. "0 10 ? * MON-FRI *"`,
    );
  }
  const timeZone = schedule.timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`${subject}: unknown time zone "${timeZone}"; use an IANA name such as Asia/Tokyo`);
  }
  const source = schedule.planSource ?? schedule.name;
  const result = resolvePlan(schedule.plan);
  if (!result.ok) {
    throw new Error(
      `${subject}: plan ${source} is invalid (${result.problems.length} problem(s)):\n` +
        result.problems.map((p) => `  ${formatProblem(p)}`).join('\n') +
        '\nrun `cutover validate <plan>` and fix the plan before deploying',
    );
  }
  const plan = result.plan;
  if (!allowedRouters.includes(plan.router.arn)) {
    throw new Error(
      `${subject}: plan ${source} routes through ${plan.router.arn}, which is not among this ` +
        "deployment's routers; add it to `routers` or every scheduled run is refused in Validate",
    );
  }
  const stale = staleProblem(plan, now);
  const notAfter = plan.notAfter === undefined ? undefined : new Date(plan.notAfter);
  return {
    name: schedule.name,
    expression: `cron(${fields.join(' ')})`,
    timeZone,
    enabled: schedule.enabled ?? true,
    description: schedule.description ?? `Cutover ${plan.name} (${source}) on cron(${fields.join(' ')})`,
    plan,
    document: schedule.plan,
    ...(notAfter !== undefined && stale === undefined ? { end: notAfter } : {}),
    ...(stale !== undefined
      ? {
          staleWarning:
            `${subject}: plan ${source} has notAfter ${plan.notAfter}, already passed; every run will ` +
            'stop with StalePlan — renew notAfter or remove the schedule',
        }
      : {}),
  };
}
