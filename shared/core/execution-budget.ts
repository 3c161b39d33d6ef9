import { formatDuration } from '#plan/duration';
import type { ResolvedPlan } from '#plan/types';

/**
 * What one Step Functions execution can hold. A Standard execution stops at 25,000 history events,
 * so the bake loop must stay bounded: each loop iteration is BakeWait → EvaluateGates → BakeChoice
 * (3 state transitions, about 9 history events). When a plan would need more iterations than the
 * history allows, EvaluateGates runs several polls per invocation (`pollsPerCall`, sleeping
 * `interval` between them inside the Lambda), up to what fits in its timeout. A plan that still does
 * not fit is refused in Validate, with the numbers.
 *
 * At 15 s polls (computed by test/integration/state-machine-asl.test.ts): up to about 10 h 37 m of
 * total bake runs one poll per invocation (≈ 2,540 loop iterations); beyond that EvaluateGates polls
 * up to 57 times per invocation, and the longest plan Validate accepts bakes about 605 h (≈ 25 days)
 * in ≈ 24,990 history events. Longer soaks: raise `interval` or split the cutover into two plans.
 */

export const HISTORY_EVENT_LIMIT = 25_000;
/** Wait (entered, exited) + Lambda Task (entered, scheduled, started, succeeded, exited) + Choice (entered, exited). */
export const EVENTS_PER_POLL_CYCLE = 9;
/**
 * Per step, worst case: StepStart choice 2, NextWindow 5, WaitForWindow 2, NeedsApproval choice 2,
 * AwaitApproval 6, Shift 5, Verify 5.
 */
export const EVENTS_PER_STEP = 27;
/** Start, Validate, AcquireLease, Snapshot, Preflight, Complete and the end event. */
export const EVENTS_FIXED = 27;
/** Room for retries (3 events each), pauses and the failure path (Rollback with its long retry, Release, Fail). */
export const EVENTS_RESERVE = 2_000;
/** EvaluateGates Lambda/Task timeout; in-Lambda polling must finish well inside it. */
export const EVALUATE_GATES_TIMEOUT_SECONDS = 900;
const IN_LAMBDA_POLL_BUDGET_SECONDS = EVALUATE_GATES_TIMEOUT_SECONDS - 60;
/** The state machine's top-level TimeoutSeconds (a backstop; the safety net restores on TIMED_OUT). */
export const EXECUTION_TIMEOUT_SECONDS = 60 * 24 * 3600;
/** A pause without its own timeout (no `approval` block) waits this long, then rolls back. */
export const DEFAULT_PAUSE_TIMEOUT_SECONDS = 24 * 3600;
/**
 * What the lease expiry adds to the longest quiet wait. Gate polls renew once half of this margin is
 * used, so the wait that follows any poll (a change window, up to WINDOW_WAIT_SECONDS) ends before
 * the lease does.
 */
export const LEASE_TTL_MARGIN_SECONDS = 3600;
/** Longest wait for a change window to open (a weekly window opens within 7 days). */
const WINDOW_WAIT_SECONDS = 8 * 24 * 3600;

/** Settings the state machine reads from its state (`$.settings`), computed once in Validate. */
export interface ExecutionSettings {
  /** `TimeoutSecondsPath` of AwaitApproval. */
  readonly approvalTimeoutSeconds: number;
  /** `TimeoutSecondsPath` of Pause. */
  readonly pauseTimeoutSeconds: number;
  /** Gate polls per EvaluateGates invocation (1 unless the plan is long). */
  readonly pollsPerCall: number;
  /** Lease expiry, renewed on every poll: long enough to cover the longest wait without a renewal. */
  readonly leaseTtlSeconds: number;
}

export interface PlanBudget {
  readonly settings: ExecutionSettings;
  /** Gate polls the plan needs if every step bakes exactly its bake time. */
  readonly polls: number;
  /** Worst-case history events with `settings.pollsPerCall`. */
  readonly historyEvents: number;
  /** Why the plan cannot run as one execution, when it cannot. */
  readonly problems: readonly string[];
}

/** Gate polls of a plan when every step passes on time. */
export function pollsNeeded(plan: ResolvedPlan): number {
  return plan.steps.reduce(
    (sum, step) => sum + Math.max(1, Math.ceil(step.bakeSeconds / plan.intervalSeconds)),
    0,
  );
}

/** History events of a plan run with `pollsPerCall` polls per EvaluateGates invocation. */
export function historyEvents(plan: ResolvedPlan, pollsPerCall: number): number {
  const cycles = Math.ceil(pollsNeeded(plan) / pollsPerCall);
  return (
    EVENTS_FIXED +
    EVENTS_RESERVE +
    plan.steps.length * EVENTS_PER_STEP +
    cycles * EVENTS_PER_POLL_CYCLE +
    rollbackEvents(plan)
  );
}

/** Per rollback step: Rollback (5), RollbackStepped choice (2), and the last poll's way on (2). */
export const EVENTS_PER_ROLLBACK_STEP = 9;

/**
 * A stepped rollback's worst case (plan `rollback`): every step written and held its whole bake at
 * one source poll per RollbackGates call. It comes out of the same history as the forward bake.
 */
export function rollbackEvents(plan: ResolvedPlan): number {
  const rollback = plan.rollback;
  if (!rollback) return 0;
  const steps = rollback.steps.filter((percent) => percent > 0).length;
  const polls = Math.max(1, Math.ceil(rollback.bakeSeconds / plan.intervalSeconds));
  return steps * (EVENTS_PER_ROLLBACK_STEP + polls * EVENTS_PER_POLL_CYCLE);
}

/** Most polls one EvaluateGates invocation may run at `intervalSeconds` inside its timeout. */
export function maxPollsPerCall(intervalSeconds: number): number {
  return Math.max(1, Math.floor(IN_LAMBDA_POLL_BUDGET_SECONDS / intervalSeconds) + 1);
}

export function planBudget(plan: ResolvedPlan): PlanBudget {
  const problems: string[] = [];
  const polls = pollsNeeded(plan);
  const cycleBudget = Math.floor(
    (HISTORY_EVENT_LIMIT -
      EVENTS_FIXED -
      EVENTS_RESERVE -
      plan.steps.length * EVENTS_PER_STEP -
      rollbackEvents(plan)) /
      EVENTS_PER_POLL_CYCLE,
  );
  const cap = maxPollsPerCall(plan.intervalSeconds);
  let pollsPerCall = Math.max(1, Math.ceil(polls / Math.max(cycleBudget, 1)));
  if (cycleBudget <= 0 || pollsPerCall > cap) {
    problems.push(
      `plan needs ${polls} gate polls (${formatDuration(plan.steps.reduce((s, step) => s + step.bakeSeconds, 0))} of bake at ${formatDuration(plan.intervalSeconds)}); ` +
        `one execution holds at most ${Math.max(cycleBudget, 0) * cap} within ${HISTORY_EVENT_LIMIT} history events — ` +
        'raise `interval`, shorten `bake`, or split the cutover into two plans',
    );
    pollsPerCall = cap;
  }
  const approvalTimeoutSeconds = Math.max(
    1,
    Math.round(plan.approval?.timeoutSeconds ?? DEFAULT_PAUSE_TIMEOUT_SECONDS),
  );
  const pauseTimeoutSeconds = approvalTimeoutSeconds;
  const approvals = plan.steps.filter((step) => step.approval).length;
  const bakeTotal = plan.steps.reduce((sum, step) => sum + step.bakeSeconds, 0);
  const longest = bakeTotal + approvals * approvalTimeoutSeconds;
  if (longest > EXECUTION_TIMEOUT_SECONDS) {
    problems.push(
      `plan may run ${formatDuration(longest)} (bake ${formatDuration(bakeTotal)} + ${approvals} approvals × ${formatDuration(approvalTimeoutSeconds)}); ` +
        `an execution is stopped after ${formatDuration(EXECUTION_TIMEOUT_SECONDS)} — shorten bake or approval.timeout`,
    );
  }
  const longestQuietWait = Math.max(
    approvalTimeoutSeconds,
    pauseTimeoutSeconds,
    plan.window ? WINDOW_WAIT_SECONDS : 0,
    pollsPerCall * plan.intervalSeconds,
  );
  return {
    settings: {
      approvalTimeoutSeconds,
      pauseTimeoutSeconds,
      pollsPerCall,
      leaseTtlSeconds: longestQuietWait + LEASE_TTL_MARGIN_SECONDS,
    },
    polls,
    historyEvents: historyEvents(plan, pollsPerCall),
    problems,
  };
}
