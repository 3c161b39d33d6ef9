import type { ResolvedPlan } from '#plan/types';
import type { ExecutionEvent } from '#ports/execution-control';
import type { Lease } from '#ports/lease-store';
import { ErrorName } from '../errors.ts';
import type { Progress } from '../progress.ts';
import { toTargetNameWeights } from '../target-weights.ts';
import type { RollbackOutput, ShiftOutput, SnapshotOutput } from '../use-cases/shapes.ts';
import type { Weights } from '../weights.ts';

/** How a cutover ended (DESIGN §8 outcomes, plus `running` and `aborted` for a stopped execution). */
export type Outcome = 'running' | 'succeeded' | 'rolled_back' | 'paused' | 'rejected' | 'failed' | 'aborted';

export interface GateVerdictView {
  readonly gate: string;
  readonly verdict: string;
  readonly reason?: string;
}

/** Everything `status`, `watch` and `start --wait` show; also their `--json` document. */
export interface ExecutionView {
  readonly executionArn: string;
  readonly name: string;
  readonly planName: string | null;
  /** Step Functions status: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED. */
  readonly status: string;
  readonly outcome: Outcome;
  /** The state the execution is in (or last was in): Validate, Shift, EvaluateGates, Rollback… */
  readonly phase: string | null;
  readonly secondsInPhase: number | null;
  /** 0-based step index and the plan's step count. */
  readonly step: { readonly index: number; readonly count: number } | null;
  /** Percent per target name: what the cutover last wrote (or is writing). */
  readonly weights: Weights | null;
  readonly secondsInStep: number | null;
  /** Remaining bake time of this step and the next ones; approvals and windows come on top. */
  readonly secondsLeft: number | null;
  readonly gates: readonly GateVerdictView[];
  readonly approvalWaiting: { readonly step: number | null; readonly since: string } | null;
  readonly abortRequested: { readonly by: string; readonly reason: string; readonly at: string } | null;
  readonly lease: { readonly owner: string; readonly token: number; readonly expiresAt: string } | null;
  readonly rolledBack: boolean;
  readonly startedAt: string;
  readonly stoppedAt: string | null;
  readonly error: string | null;
  readonly cause: string | null;
}

/**
 * The execution's state as state-machines/cutover.asl.json carries it from state to state: each
 * task's typed output at its ResultPath. History events hold it as JSON text; any part may be absent
 * (a state before the task ran, or a caller without access to execution data).
 */
export interface ExecutionStateData {
  readonly progress?: Partial<Progress>;
  readonly shift?: Partial<ShiftOutput>;
  readonly snapshot?: Partial<SnapshotOutput>;
  readonly rollback?: Partial<RollbackOutput>;
}

/** The task states where a human is waited for, and for what (the ASL's state names are the contract). */
const WAITING_STATES: Readonly<Record<string, 'approval' | 'pause'>> = {
  AwaitApproval: 'approval',
  WaitForApproval: 'approval',
  Pause: 'pause',
  WaitForHuman: 'pause',
};

/**
 * Folds an execution's history events, oldest first, into the cutover's progress: state names say
 * the phase, and each state's data is read as the typed shapes the tasks return.
 */
export class ProgressTracker {
  lastEventId = 0;
  #phase: string | null = null;
  #phaseSince: Date | null = null;
  #stepIndex: number | null = null;
  #stepStartedAt: Date | null = null;
  #weights: Weights | null = null;
  #gates: GateVerdictView[] = [];
  #approvalSince: Date | null = null;
  #rolledBack = false;
  /** `approval` or `pause` while a task token waits (from the AwaitApproval input's `kind`). */
  #waitingKind: string | null = null;
  readonly #plan: ResolvedPlan | undefined;

  constructor(plan: ResolvedPlan | undefined) {
    this.#plan = plan;
  }

  apply(events: readonly ExecutionEvent[]): void {
    for (const event of events) {
      if (event.id <= this.lastEventId) continue;
      this.lastEventId = event.id;
      if (event.type.endsWith('StateEntered') && event.stateName) this.#entered(event);
      else if (event.type.endsWith('StateExited') && event.stateName) this.#exited(event);
      else if (
        (event.type === 'TaskScheduled' || event.type === 'TaskSubmitted') &&
        event.resource?.includes('waitForTaskToken')
      ) {
        this.#approvalSince ??= event.at;
      }
    }
  }

  #entered(event: ExecutionEvent): void {
    const name = event.stateName as string;
    this.#phase = name;
    this.#phaseSince = event.at;
    if (/^Rollback/i.test(name)) this.#rolledBack = true;
    this.#waitingKind = WAITING_STATES[name] ?? null;
    this.#progress(stateData(event.data), event.at);
  }

  #exited(event: ExecutionEvent): void {
    const data = stateData(event.data);
    this.#approvalSince = null;
    this.#waitingKind = null;
    if (/^EvaluateGates/i.test(event.stateName as string)) {
      const summary = gateSummary(data.progress);
      if (summary) this.#gates = [summary];
    }
    this.#progress(data, event.at);
    const written = writtenWeights(data, event.stateName as string, this.#plan);
    if (written) this.#weights = written;
  }

  /** The state machine carries `$.progress` ({ step, bakeStartedAt, decision, reason }). */
  #progress(data: ExecutionStateData, at: Date): void {
    const index = data.progress?.step;
    if (typeof index === 'number' && Number.isInteger(index) && index >= 0 && index !== this.#stepIndex) {
      this.#stepIndex = index;
      this.#stepStartedAt = at;
      this.#gates = [];
    }
    const bakeStartedAt = data.progress?.bakeStartedAt;
    if (typeof bakeStartedAt === 'string' && !Number.isNaN(Date.parse(bakeStartedAt)))
      this.#stepStartedAt = new Date(bakeStartedAt);
  }

  view(base: {
    readonly executionArn: string;
    readonly name: string;
    readonly status: string;
    readonly startDate: Date;
    readonly stopDate?: Date;
    readonly error?: string;
    readonly cause?: string;
    readonly output?: string;
    readonly lease?: Lease;
    readonly planName?: string;
    readonly now: Date;
  }): ExecutionView {
    const plan = this.#plan;
    const now = base.stopDate ?? base.now;
    const ownLease =
      base.lease && base.lease.owner === base.executionArn && !base.lease.released ? base.lease : undefined;
    const secondsSince = (at: Date | null) =>
      at ? Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)) : null;
    const stepIndex = ownLease?.approval
      ? Math.max(this.#stepIndex ?? 0, ownLease.approval.step)
      : this.#stepIndex;
    const running = base.status === 'RUNNING';
    const approvalSince = running
      ? (this.#approvalSince ?? (ownLease?.approval ? new Date(ownLease.approval.requestedAt) : null))
      : null;
    return {
      executionArn: base.executionArn,
      name: base.name,
      planName: plan?.name ?? base.planName ?? null,
      status: base.status,
      outcome: outcomeOf(
        base.status,
        this.#waitingKind === 'pause' ? 'Pause' : this.#phase,
        base.error,
        base.output,
        this.#rolledBack,
      ),
      phase: this.#phase,
      secondsInPhase: secondsSince(this.#phaseSince),
      step: stepIndex === null ? null : { index: stepIndex, count: plan?.steps.length ?? 0 },
      weights:
        finalWeights(base.output, plan) ??
        this.#weights ??
        (ownLease?.lastWritten && plan ? toTargetNameWeights(plan, ownLease.lastWritten) : null),
      secondsInStep: secondsSince(this.#stepStartedAt),
      secondsLeft:
        running && plan ? secondsLeft(plan, this.#stepIndex, secondsSince(this.#stepStartedAt)) : null,
      gates: this.#gates,
      approvalWaiting: approvalSince
        ? { step: ownLease?.approval?.step ?? this.#stepIndex, since: approvalSince.toISOString() }
        : null,
      abortRequested: ownLease?.abortRequested ?? null,
      lease: ownLease
        ? { owner: ownLease.owner, token: ownLease.token, expiresAt: ownLease.expiresAt }
        : null,
      rolledBack: this.#rolledBack,
      startedAt: base.startDate.toISOString(),
      stoppedAt: base.stopDate?.toISOString() ?? null,
      error: base.error ?? null,
      cause: base.cause ?? null,
    };
  }
}

/** Refusals before any write: the cutover did not run, nothing to roll back. */
const refusals = new Set<string>([
  ErrorName.PlanInvalid,
  ErrorName.StalePlan,
  ErrorName.LeaseHeld,
  ErrorName.PlanClosed,
  ErrorName.RollbackFailed,
  ErrorName.SnapshotUnrestorable,
  ErrorName.DriftDetected,
]);

export function outcomeOf(
  status: string,
  phase: string | null,
  error: string | undefined,
  output: string | undefined,
  rolledBack: boolean,
): Outcome {
  switch (status) {
    case 'RUNNING':
      return phase && /pause/i.test(phase) ? 'paused' : 'running';
    case 'SUCCEEDED': {
      const said = (parseJson(output) as { outcome?: unknown } | undefined)?.outcome;
      return typeof said === 'string' && isOutcome(said) ? said : 'succeeded';
    }
    case 'ABORTED':
      return 'aborted';
    case 'FAILED':
      if (error === ErrorName.ApprovalRejected) return 'rejected';
      if (error && refusals.has(error)) return 'failed';
      return rolledBack || error === ErrorName.GateFailed || error === ErrorName.AbortRequested
        ? 'rolled_back'
        : 'failed';
    default:
      return 'failed';
  }
}

const outcomes: readonly string[] = ['succeeded', 'rolled_back', 'paused', 'rejected', 'failed', 'aborted'];
const isOutcome = (text: string): text is Outcome => outcomes.includes(text);

/** Bake left in this step plus every later step's bake. */
export function secondsLeft(
  plan: ResolvedPlan,
  stepIndex: number | null,
  secondsInStep: number | null,
): number {
  const current = stepIndex ?? -1;
  let left = 0;
  for (const step of plan.steps) {
    if (step.index > current) left += step.bakeSeconds;
    else if (step.index === current) left += Math.max(0, step.bakeSeconds - (secondsInStep ?? 0));
  }
  return left;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A state's data as its typed shape; anything that is not a JSON object reads as empty. */
function stateData(text: string | undefined): ExecutionStateData {
  const data = parseJson(text);
  return data !== null && typeof data === 'object' && !Array.isArray(data)
    ? (data as ExecutionStateData)
    : {};
}

/**
 * The weights a state leaves on the router: Shift's result (`$.shift.after`, by target name), or
 * the snapshot's after a Rollback restored it. Other states carry older maps (the snapshot, the plan).
 */
function writtenWeights(
  data: ExecutionStateData,
  stateName: string,
  plan: ResolvedPlan | undefined,
): Weights | undefined {
  let found: unknown;
  if (/^Rollback$/i.test(stateName))
    found = data.rollback?.restored === true ? data.snapshot?.weights : undefined;
  else if (/^Shift$/i.test(stateName)) found = data.shift?.after;
  return isWeights(found) ? byName(found, plan) : undefined;
}

/** `finalWeights` from the Complete task's output (the execution output after success). */
function finalWeights(output: string | undefined, plan: ResolvedPlan | undefined): Weights | undefined {
  const found = (parseJson(output) as { finalWeights?: unknown } | undefined)?.finalWeights;
  return isWeights(found) ? byName(found, plan) : undefined;
}

/** Maps keyed by target group ARN become maps by target name; maps by name stay as they are. */
function byName(weights: Weights, plan: ResolvedPlan | undefined): Weights {
  if (!plan) return weights;
  const arns = new Set(Object.values(plan.targets).map((t) => t.targetGroupArn));
  return Object.keys(weights).some((key) => arns.has(key)) ? toTargetNameWeights(plan, weights) : weights;
}

function isWeights(value: unknown): value is Weights {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.values(value);
  return entries.length > 0 && entries.every((v) => typeof v === 'number');
}

/**
 * EvaluateGates returns the progress, not every verdict: its decision and one-line reason say how the
 * last poll went (pass while baking quietly, inconclusive or fail with the deciding gate's reason).
 */
function gateSummary(progress: Partial<Progress> | undefined): GateVerdictView | undefined {
  const decision = progress?.decision;
  if (typeof decision !== 'string') return undefined;
  const reason = typeof progress?.reason === 'string' && progress.reason !== '' ? progress.reason : undefined;
  const verdict =
    decision === 'fail'
      ? 'fail'
      : decision === 'pause'
        ? 'paused'
        : decision === 'abort'
          ? 'abort'
          : typeof progress?.inconclusive === 'number' && progress.inconclusive > 0
            ? 'inconclusive'
            : 'pass';
  return { gate: 'gates', verdict, ...(reason ? { reason } : {}) };
}
