import { formatWeights, type Weights } from './weights.ts';

/**
 * Error names are an API: Step Functions matches `ErrorEquals` against the thrown error's `name`,
 * and CLI scripts match on them. This is the one list; the ASL and the handlers both use it, and a
 * test proves they agree. Add names; never rename one.
 */
export const ErrorName = {
  /** The plan failed schema or semantic validation. Never retried. */
  PlanInvalid: 'PlanInvalid',
  /** The plan's `notAfter` has passed (e.g. a schedule delivered late). Stops before the lease. */
  StalePlan: 'StalePlan',
  /** Another cutover owns the router. Stops with zero writes. */
  LeaseHeld: 'LeaseHeld',
  /** Our fencing token is no longer the lease's: someone (the safety net) took over. Stop writing. */
  LeaseLost: 'LeaseLost',
  /** The execution's plan is already closed (e.g. a redrive after the end). Zero writes. */
  PlanClosed: 'PlanClosed',
  /** The destination (or the retreat) is not ready: platform, capacity or alarms. */
  PreflightFailed: 'PreflightFailed',
  /** Live weights differ from what this cutover last wrote: someone else changed them. */
  DriftDetected: 'DriftDetected',
  /** A health gate failed; the cause names the gate, the value and the threshold. */
  GateFailed: 'GateFailed',
  /** Written weights were not read back within the verify budget. */
  WeightsNotVerified: 'WeightsNotVerified',
  /** The listener or rule does not exist, or its action is not a forward. */
  RouterUnavailable: 'RouterUnavailable',
  /** A target group of the plan does not exist or belongs to another load balancer. */
  TargetGroupUnavailable: 'TargetGroupUnavailable',
  /** The snapshot cannot be written back as captured (a target group vanished). Pages a human. */
  SnapshotUnrestorable: 'SnapshotUnrestorable',
  /** Rollback could not restore and verify the snapshot within its budget. Lease kept; pages. */
  RollbackFailed: 'RollbackFailed',
  /**
   * Rollback found the way back dead (a snapshot target with weight has no healthy target): the
   * weights are held where they are, the lease kept, and a human paged. Never restored onto nothing.
   */
  RetreatUnavailable: 'RetreatUnavailable',
  /** An AWS call failed after the SDK's own retries (throttling, 5XX, timeouts). Retried by the ASL. */
  AwsTransient: 'AwsTransient',
  /** AWS refused the call (access denied, validation). Not retried. */
  AwsRejected: 'AwsRejected',
  /** A human rejected an approval. */
  ApprovalRejected: 'ApprovalRejected',
  /** An operator asked for a graceful abort (rollback). */
  AbortRequested: 'AbortRequested',
  /** Configuration the plan refers to is missing in AWS (e.g. an alarm name). */
  ConfigurationError: 'ConfigurationError',
  /** A rehearsal scenario failed validation (like an invalid plan: exit 2, nothing runs). */
  ScenarioInvalid: 'ScenarioInvalid',
  /** Scale ahead asked for more destination capacity that is not healthy yet. Retried (bounded) by the ASL. */
  CapacityPending: 'CapacityPending',
  /** A campaign file failed validation (its own fields or a service's plan): exit 2, nothing runs. */
  CampaignInvalid: 'CampaignInvalid',
  /** The shared ELB API budget had no token within the bounded wait. Retried by the ASL like throttling. */
  ApiBudgetExhausted: 'ApiBudgetExhausted',
  /** Campaign: haltAfter services did not succeed; no later stage was started. */
  CampaignHalted: 'CampaignHalted',
  /** Campaign: a critical failure with abortAll; the stage's running cutovers were stopped. */
  CampaignAborted: 'CampaignAborted',
  /** Campaign: every stage ran, but some services did not succeed (fewer than haltAfter). */
  CampaignIncomplete: 'CampaignIncomplete',
  /** A lifecycle hook answered fail or did not answer in time; the cause names the hook and its reason. */
  HookFailed: 'HookFailed',
  /** A hook call could not be delivered after its retries (network, HTTP 5XX/429, Lambda error). */
  HookUnreachable: 'HookUnreachable',
  /** A hook gave no answer before its deadline. */
  HookTimeout: 'HookTimeout',
} as const;

export type ErrorNameValue = (typeof ErrorName)[keyof typeof ErrorName];

/** Step Functions' own error names that the ASL may match as well. */
export const StatesErrorNames = [
  'States.ALL',
  'States.Timeout',
  'States.HeartbeatTimeout',
  'States.TaskFailed',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
] as const;

/** Base of every Cutover error: a stable `name` from {@link ErrorName}, and the cause kept. */
export abstract class CutoverError extends Error {
  abstract override readonly name: ErrorNameValue;
}

export class PlanInvalidError extends CutoverError {
  override readonly name = ErrorName.PlanInvalid;
  readonly problems: readonly string[];
  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(
      `plan invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}`,
      options,
    );
    this.problems = problems;
  }
}

export class CampaignInvalidError extends CutoverError {
  override readonly name = ErrorName.CampaignInvalid;
  readonly problems: readonly string[];
  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(
      `campaign invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}`,
      options,
    );
    this.problems = problems;
  }
}

export class ApiBudgetExhaustedError extends CutoverError {
  override readonly name = ErrorName.ApiBudgetExhausted;
  readonly bucket: string;
  readonly waitedMs: number;
  constructor(bucket: string, waitedMs: number, options?: ErrorOptions) {
    super(
      `ELB API budget ${bucket}: no token after waiting ${Math.round(waitedMs / 1000)} s; other cutovers or controllers are using the account's ${bucket} budget — the step is retried; if it keeps happening, lower the campaign's maxConcurrent`,
      options,
    );
    this.bucket = bucket;
    this.waitedMs = waitedMs;
  }
}

export class ScenarioInvalidError extends CutoverError {
  override readonly name = ErrorName.ScenarioInvalid;
  readonly problems: readonly string[];
  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(
      `scenario invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}`,
      options,
    );
    this.problems = problems;
  }
}

export class StalePlanError extends CutoverError {
  override readonly name = ErrorName.StalePlan;
}
export class LeaseHeldError extends CutoverError {
  override readonly name = ErrorName.LeaseHeld;
}
export class LeaseLostError extends CutoverError {
  override readonly name = ErrorName.LeaseLost;
}
export class PlanClosedError extends CutoverError {
  override readonly name = ErrorName.PlanClosed;
}
export class PreflightFailedError extends CutoverError {
  override readonly name = ErrorName.PreflightFailed;
}
export class GateFailedError extends CutoverError {
  override readonly name = ErrorName.GateFailed;
}
export class WeightsNotVerifiedError extends CutoverError {
  override readonly name = ErrorName.WeightsNotVerified;
}
export class RouterUnavailableError extends CutoverError {
  override readonly name = ErrorName.RouterUnavailable;
}
export class TargetGroupUnavailableError extends CutoverError {
  override readonly name = ErrorName.TargetGroupUnavailable;
}
export class SnapshotUnrestorableError extends CutoverError {
  override readonly name = ErrorName.SnapshotUnrestorable;
}
export class RollbackFailedError extends CutoverError {
  override readonly name = ErrorName.RollbackFailed;
}
export class RetreatUnavailableError extends CutoverError {
  override readonly name = ErrorName.RetreatUnavailable;
}
export class AwsTransientError extends CutoverError {
  override readonly name = ErrorName.AwsTransient;
}
export class AwsRejectedError extends CutoverError {
  override readonly name = ErrorName.AwsRejected;
}
export class ApprovalRejectedError extends CutoverError {
  override readonly name = ErrorName.ApprovalRejected;
}
export class AbortRequestedError extends CutoverError {
  override readonly name = ErrorName.AbortRequested;
}
export class ConfigurationError extends CutoverError {
  override readonly name = ErrorName.ConfigurationError;
}
export class CapacityPendingError extends CutoverError {
  override readonly name = ErrorName.CapacityPending;
}

export class DriftDetectedError extends CutoverError {
  override readonly name = ErrorName.DriftDetected;
  readonly expected: Weights;
  readonly live: Weights;
  constructor(subject: string, expected: Weights, live: Weights, options?: ErrorOptions) {
    super(
      `${subject}: weights changed outside this cutover; expected ${formatWeights(expected)}, live ${formatWeights(live)}; ` +
        'halting without writing — run `cutover preview` to see the router, then decide',
      options,
    );
    this.expected = expected;
    this.live = live;
  }
}
