import type { ResolvedPlan } from '#plan/types';
import type { ExecutionSettings } from '../execution-budget.ts';
import type { Progress } from '../progress.ts';
import type { Weights } from '../weights.ts';

/**
 * Inputs and outputs of the state machine's tasks, as the ASL passes them (JSONPath Parameters).
 * The plan travels in the state as the resolved plan (a few KiB); snapshots and tokens stay on the lease.
 */

export interface ExecutionRef {
  readonly plan: ResolvedPlan;
  readonly executionArn: string;
}
export interface LeaseRef {
  readonly token: number;
}
/** What a Catch puts in `$.failure`. */
export interface FailureInfo {
  readonly Error: string;
  readonly Cause?: string;
}

export interface ValidateInput {
  /** The execution input: the plan document itself (same fields as the YAML). */
  readonly document: unknown;
  readonly executionArn: string;
}
export interface ValidateOutput extends ExecutionRef {
  readonly settings: ExecutionSettings;
  readonly progress: Progress;
}

export interface AcquireLeaseInput extends ExecutionRef {
  readonly settings: ExecutionSettings;
}
export type AcquireLeaseOutput = LeaseRef;

export interface LeasedInput extends ExecutionRef {
  readonly lease: LeaseRef;
}

export interface SnapshotOutput {
  /** Percent per target name (target groups the plan does not name keep their ARN). */
  readonly weights: Weights;
  readonly capturedAt: string;
}

export interface PreflightOutput {
  /** One line per check that passed, for the console. */
  readonly checks: readonly string[];
}

export interface NextWindowInput {
  readonly plan: ResolvedPlan;
}
export interface NextWindowOutput {
  /** ISO instant the window next opens; now when already inside the window. */
  readonly opensAt: string;
  /** Inside the window now: the step goes on without waiting. */
  readonly open: boolean;
}

export interface AwaitApprovalInput extends LeasedInput {
  /** `approval`: a planned approval before a step; `pause`: a hold after a failure or inconclusive gates. */
  readonly kind: 'approval' | 'pause';
  /**
   * `$$.Task.Token` of a `.waitForTaskToken` task — a bearer credential: stored on the lease, never
   * logged or published. Absent for a watched wait, where the answer is written on the lease.
   */
  readonly taskToken?: string;
  readonly progress: Progress;
  readonly reason?: string;
  /** For the lease renewal at the start of the wait (`leaseTtlSeconds` covers one whole wait). */
  readonly settings: ExecutionSettings;
}
export interface AwaitApprovalOutput {
  readonly requestedAt: string;
}

export interface StepInput extends LeasedInput {
  readonly progress: Progress;
}
export interface ShiftOutput {
  readonly written: boolean;
  /** Percent per target name. */
  readonly before: Weights;
  readonly after: Weights;
}

export interface EvaluateGatesInput extends StepInput {
  readonly settings: ExecutionSettings;
}

/** One watched wait (WaitForWindow, WaitForApproval, WaitForHuman): polls until something is decided. */
export interface WatchWaitInput extends EvaluateGatesInput {
  readonly watch: 'window' | 'approval' | 'pause';
  /** The change window's opening (window waits). */
  readonly until?: string;
}
export interface WatchWaitOutput {
  /**
   * `wait`: nothing decided yet (poll again); `proceed`: the window opened or a human approved
   * (resumed); `recheck`: the computed opening passed but the window is shut (daylight saving):
   * compute it again; `rejected`; `timedOut`; `abort`; `fail`: a gate failed during the wait.
   */
  readonly decision: 'wait' | 'proceed' | 'recheck' | 'rejected' | 'timedOut' | 'abort' | 'fail';
  readonly reason: string;
}

export interface RollbackInput extends LeasedInput {
  readonly failure?: FailureInfo;
  readonly progress?: Progress;
  /**
   * Stepped rollback cut short (RollbackRestoreNow): why the remaining steps are skipped — a source
   * gate's decision (`reason`) or a failed poll (`Error`/`Cause`). The snapshot is written at once.
   */
  readonly skipSteps?: { readonly reason?: string; readonly Error?: string; readonly Cause?: string };
}
export interface RollbackOutput {
  readonly restored: boolean;
  /** Make-before-break findings: snapshot targets that were not healthy enough when restored. */
  readonly flagged: readonly string[];
  readonly note: string;
  /** Stepped rollback: the step just written and verified (the snapshot is not restored yet). */
  readonly step?: RollbackStepInfo;
}

/** One rollback step on the way back (plan `rollback.steps`), as written and verified. */
export interface RollbackStepInfo {
  /** 0-based position in `rollback.steps`. */
  readonly index: number;
  /** Percent on `to`. */
  readonly percent: number;
  /** `rollback step 1/2 (ecs 25%)` */
  readonly label: string;
  /** Percent per target name. */
  readonly weights: Weights;
  /** When the step's weights were read back: its hold starts. */
  readonly verifiedAt: string;
  readonly bakeSeconds: number;
}

/** One poll of the source's gates while a rollback step is held (RollbackGates). */
export interface RollbackBakeInput extends LeasedInput {
  readonly settings: ExecutionSettings;
  readonly rollbackStep: RollbackStepInfo;
}
export interface RollbackBakeOutput {
  /** `bake`: poll again; `next`: the next step (or the snapshot); `restore`: skip to the snapshot now. */
  readonly decision: 'bake' | 'next' | 'restore';
  readonly reason: string;
}

export interface ReportRollbackFailureInput extends LeasedInput {
  readonly failure?: FailureInfo;
  /** What the last Rollback attempt threw. */
  readonly rollbackError: FailureInfo;
}
export interface ReportRollbackFailureOutput {
  readonly error: string;
  readonly cause: string;
}

export interface CompleteInput extends LeasedInput {
  /** `succeeded`: after the last step; `rolledBack`: after Rollback; `drift`: halted by DriftDetected. */
  readonly mode: 'succeeded' | 'rolledBack' | 'drift';
  readonly progress?: Progress;
  readonly failure?: FailureInfo;
  readonly rollback?: RollbackOutput;
}
export interface CompleteOutput {
  readonly outcome: 'succeeded' | 'rolled_back' | 'drift';
  readonly planName: string;
  readonly executionArn: string;
  /** Percent per target name, as read from the router. */
  readonly finalWeights: Weights;
  /** For the Fail state's `ErrorPath` on the failure paths (empty on success). */
  readonly error: string;
  /** For the Fail state's `CausePath` on the failure paths; a summary on success. */
  readonly cause: string;
}
