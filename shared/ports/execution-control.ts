/**
 * The deployed state machine as the operator sees it: start, describe, list, follow, stop, and
 * answer a waiting approval. Step Functions is behind it (shared/aws/sfn-control.ts).
 */

export type ExecutionStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE';

/** What DescribeExecution says, without SDK types. */
export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  /** The execution input as sent (JSON text); absent when the caller may not read execution data. */
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

export interface ExecutionListItem {
  readonly executionArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

/** One history event reduced to what progress needs. `detail` is the event's input/output JSON text. */
export interface ExecutionEvent {
  readonly id: number;
  readonly at: Date;
  /** The Step Functions event type, e.g. `TaskStateEntered`, `ExecutionFailed`. */
  readonly type: string;
  /** State name for StateEntered / StateExited events. */
  readonly stateName?: string;
  /** Input (entered) or output (exited) of the state, as JSON text. */
  readonly data?: string;
  /** Task resource (TaskScheduled / TaskSubmitted), e.g. `lambda:invoke.waitForTaskToken`. */
  readonly resource?: string;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * The result of asking for an execution by name: it did not exist and was started, it was already
 * running (idempotent start: the same name and input), or it exists and has already ended.
 */
export type StartOutcome =
  | { readonly kind: 'started'; readonly executionArn: string; readonly startDate: Date }
  | { readonly kind: 'attached'; readonly execution: ExecutionDescription }
  | { readonly kind: 'closed'; readonly execution: ExecutionDescription };

export interface ExecutionControl {
  startOnce(req: { stateMachineArn: string; name: string; input: string }): Promise<StartOutcome>;
  describe(executionArn: string): Promise<ExecutionDescription>;
  /** `undefined` when the execution does not exist. */
  describeIfExists(executionArn: string): Promise<ExecutionDescription | undefined>;
  /** Newest first, up to `limit` executions. */
  list(req: {
    stateMachineArn: string;
    status?: ExecutionStatus;
    limit: number;
  }): Promise<ExecutionListItem[]>;
  /** Events newer than `afterId`, oldest first. */
  eventsAfter(executionArn: string, afterId: number): Promise<ExecutionEvent[]>;
  stop(req: { executionArn: string; error: string; cause: string }): Promise<Date | undefined>;
  /** Answers a `.waitForTaskToken` task. The token is a bearer credential: never printed. */
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void>;
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
}

/** The names the campaign operations use for the same shapes. */
export type ExecutionState = ExecutionStatus;
/** An execution as the campaign reads it (the state machine ARN not needed). */
export type ExecutionRecord = Omit<ExecutionDescription, 'stateMachineArn'>;
export type StartOnceOutcome = StartOutcome;
