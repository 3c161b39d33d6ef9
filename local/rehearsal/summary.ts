import { ErrorName } from '#core/errors';
import type { Weights } from '#core/weights';
import { CutoverEventType } from '#ports/event-sink';
import type { HookResult } from './hook-results.ts';
import type { Timeline } from './timeline.ts';

export type RehearsalOutcome = 'succeeded' | 'rolled_back' | 'paused' | 'rejected' | 'failed';

/** The `--json` summary (DESIGN.md §8 contract; `plan`, `scenario`, `seed` and `error` are additions). */
export interface RehearsalSummary {
  readonly plan: string;
  readonly scenario: string;
  readonly seed: number;
  readonly outcome: RehearsalOutcome;
  readonly startWeights: Weights;
  readonly finalWeights: Weights;
  readonly durationSeconds: number;
  readonly rollback: RollbackSummary | null;
  readonly steps: readonly StepSummary[];
  readonly apiCalls: Readonly<Record<string, number>>;
  readonly stateTransitions: number;
  /** Why the execution failed (`name` is the error name from shared/core/errors.ts), or null. */
  readonly error: { readonly name: string; readonly cause: string } | null;
  /** Retreat drills only: whether the way back worked, and when it last did (null: not in this run). */
  readonly drill?: DrillSummary;
  /** Plans with lifecycle hooks only: each hook's final answer, in order. */
  readonly hooks?: readonly HookResult[];
}

export interface DrillSummary {
  /** The old platform the drill sent a share back to. */
  readonly wayBackTo: string;
  readonly wayBackWorked: boolean;
  /** When the drill's last share on the way back passed its gates (ISO, virtual time); null when it did not. */
  readonly lastWorkedAt: string | null;
}

export interface RollbackSummary {
  readonly reason: string;
  /** The gate that failed (`errorRate`, `latencyP99`, `minHealthyTargets`, …) or null (rejected, aborted). */
  readonly gate: string | null;
  readonly faultAtSeconds: number | null;
  readonly detectedAtSeconds: number;
  readonly restoredAtSeconds: number | null;
  /**
   * Plans with a stepped rollback (`rollback`) only: every write on the way back, from detection to
   * the restored snapshot (its last entry) — one per rollback step used, then the snapshot. Absent
   * for the default one-write restore, so that summary keeps its contract shape.
   */
  readonly steps?: readonly RollbackStepSummary[];
}

export interface RollbackStepSummary {
  readonly weights: Weights;
  readonly atSeconds: number;
}

export type StepResult = 'passed' | 'failed' | 'rejected' | 'paused' | 'halted' | 'interrupted';

export interface StepSummary {
  readonly weights: Weights;
  readonly startedAtSeconds: number;
  readonly result: StepResult;
}

export interface ExecutionEnd {
  /** ABORTED: stopped (StopExecution); the safety net restores what it left. */
  readonly status: 'SUCCEEDED' | 'FAILED' | 'PAUSED' | 'ABORTED';
  readonly error?: string;
  readonly cause?: string;
  readonly stateTransitions: number;
  /** The snapshot was written back and verified (by the Rollback state, or by the safety net after a stop). */
  readonly rolledBack: boolean;
}

/** Builds the summary from what the rehearsal observed. Pure: same timeline → same summary. */
export function summarize(opts: {
  readonly plan: string;
  readonly scenario: string;
  readonly seed: number;
  readonly end: ExecutionEnd;
  readonly timeline: Timeline;
  readonly apiCalls: Readonly<Record<string, number>>;
  readonly stepWeights: readonly Weights[];
  readonly drill?: { readonly wayBackTo: string; readonly startAt: Date };
  /** The plan asks for a stepped rollback: the summary lists the way back (`rollback.steps`). */
  readonly steppedRollback?: boolean;
}): RehearsalSummary {
  const { end, timeline } = opts;
  const start = timeline.weights[0]?.weights ?? {};
  const final = timeline.weights[timeline.weights.length - 1]?.weights ?? start;
  const outcome = outcomeOf(end);
  const rollback =
    outcome === 'rolled_back' || outcome === 'rejected'
      ? rollbackOf(timeline, start, end, opts.steppedRollback === true)
      : null;
  const steps = stepsOf(timeline, outcome, opts.stepWeights);
  return {
    plan: opts.plan,
    scenario: opts.scenario,
    seed: opts.seed,
    outcome,
    startWeights: start,
    finalWeights: final,
    durationSeconds: whole(timeline.endedAtSeconds),
    rollback,
    steps,
    apiCalls: opts.apiCalls,
    stateTransitions: end.stateTransitions,
    error:
      end.status === 'FAILED' || end.status === 'ABORTED'
        ? {
            name: end.error ?? (end.status === 'ABORTED' ? 'ExecutionAborted' : 'Error'),
            cause: end.cause ?? '',
          }
        : null,
    ...(opts.drill === undefined ? {} : { drill: drillOf(opts.drill, outcome, steps) }),
  };
}

/**
 * The way back worked when the drill succeeded: its last share on the old platform passed every
 * gate, which is the moment the return step (the drill's last) started.
 */
function drillOf(
  drill: { readonly wayBackTo: string; readonly startAt: Date },
  outcome: RehearsalOutcome,
  steps: readonly StepSummary[],
): DrillSummary {
  const returned = steps[steps.length - 1];
  const worked = outcome === 'succeeded' && returned !== undefined;
  return {
    wayBackTo: drill.wayBackTo,
    wayBackWorked: worked,
    lastWorkedAt: worked
      ? new Date(drill.startAt.getTime() + (returned?.startedAtSeconds ?? 0) * 1000).toISOString()
      : null,
  };
}

function outcomeOf(end: ExecutionEnd): RehearsalOutcome {
  if (end.status === 'SUCCEEDED') return 'succeeded';
  if (end.status === 'PAUSED') return 'paused';
  // A rollback that could not complete is a failure a human owns, never a rollback.
  if (
    !end.rolledBack ||
    end.error === ErrorName.RollbackFailed ||
    end.error === ErrorName.SnapshotUnrestorable ||
    end.error === ErrorName.RetreatUnavailable ||
    end.error === 'RehearsalLimitReached'
  )
    return 'failed';
  return end.error === ErrorName.ApprovalRejected ? 'rejected' : 'rolled_back';
}

function rollbackOf(
  timeline: Timeline,
  start: Weights,
  end: ExecutionEnd,
  stepped: boolean,
): RollbackSummary {
  const gateFailed = timeline.events.find((event) => event.type === CutoverEventType.GateFailed);
  const rejected = timeline.approvals.find((approval) => approval.answer !== 'approve');
  // A stopped execution (StopExecution) is noticed when it stops: the last abort fault.
  const stoppedAt =
    end.status === 'ABORTED'
      ? [...timeline.faults].reverse().find((fault) => fault.kind === 'abort')?.atSeconds
      : undefined;
  const detectedAt =
    stoppedAt ??
    gateFailed?.atSeconds ??
    rejected?.atSeconds ??
    lastPollAt(timeline) ??
    timeline.endedAtSeconds;
  const failingPoll = [...timeline.polls]
    .reverse()
    .find((poll) => poll.atSeconds <= detectedAt && poll.verdict === 'fail');
  const reported = [...timeline.gateFailures].reverse().find((failure) => failure.atSeconds <= detectedAt);
  const gate = gateFailed
    ? (reported?.gate ?? failingPoll?.verdicts.find((v) => v.endsWith(':fail'))?.split(':')[0] ?? null)
    : null;
  const caused = timeline.faults.filter((fault) => fault.kind !== 'api' && fault.atSeconds <= detectedAt);
  const faultAt = caused[0]?.atSeconds ?? rejected?.atSeconds ?? null;
  const restored = timeline.weights.find(
    (change, index) => index > 0 && change.atSeconds >= detectedAt && sameShares(change.weights, start),
  );
  const wayBack = timeline.weights.filter(
    (change, index) =>
      index > 0 &&
      change.by !== 'drift' &&
      change.atSeconds >= detectedAt &&
      (restored === undefined || change.atSeconds <= restored.atSeconds),
  );
  return {
    reason: gateFailed?.reason || end.cause || 'rolled back',
    gate,
    faultAtSeconds: faultAt === null ? null : whole(faultAt),
    detectedAtSeconds: whole(detectedAt),
    restoredAtSeconds: restored === undefined ? null : whole(restored.atSeconds),
    ...(stepped
      ? { steps: wayBack.map((change) => ({ weights: change.weights, atSeconds: whole(change.atSeconds) })) }
      : {}),
  };
}

function lastPollAt(timeline: Timeline): number | undefined {
  return timeline.polls[timeline.polls.length - 1]?.atSeconds;
}

function stepsOf(
  timeline: Timeline,
  outcome: RehearsalOutcome,
  stepWeights: readonly Weights[],
): StepSummary[] {
  const started = new Map<number, number>();
  const passed = new Set<number>();
  for (const event of timeline.events) {
    if (event.step === null) continue;
    if (event.type === CutoverEventType.StepStarted || event.type === CutoverEventType.AwaitingApproval) {
      if (!started.has(event.step)) started.set(event.step, event.atSeconds);
    }
    if (event.type === CutoverEventType.StepPassed) passed.add(event.step);
  }
  for (const approval of timeline.approvals)
    if (!started.has(approval.step)) started.set(approval.step, approval.atSeconds);
  const indexes = [...started.keys()].sort((a, b) => a - b);
  const last = indexes[indexes.length - 1];
  return indexes.map((index) => ({
    weights: stepWeights[index] ?? {},
    startedAtSeconds: whole(started.get(index) ?? 0),
    result: passed.has(index) ? 'passed' : index === last ? lastStepResult(outcome) : 'interrupted',
  }));
}

function lastStepResult(outcome: RehearsalOutcome): StepResult {
  switch (outcome) {
    case 'succeeded':
      return 'passed';
    case 'rolled_back':
      return 'failed';
    case 'rejected':
      return 'rejected';
    case 'paused':
      return 'paused';
    case 'failed':
      return 'halted';
  }
}

function sameShares(a: Weights, b: Weights): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
}

/** Whole virtual seconds (the simulation moves in milliseconds; the contract speaks seconds). */
function whole(seconds: number): number {
  return Math.round(seconds);
}
