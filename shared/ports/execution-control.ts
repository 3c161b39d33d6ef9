/**
 * Starting, reading and stopping executions of the deployed state machines (the cutover and the
 * campaign), for the operations use-cases. The Step Functions adapter is shared/aws/sfn-control.ts.
 */
export type ExecutionState = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly name: string;
  readonly status: ExecutionState;
  readonly startDate: Date;
  readonly stopDate?: Date;
  /** The input as sent (JSON text); absent when the caller may not read execution data. */
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** A start by name: started now, attached to the running execution of that name, or it already ended. */
export type StartOnceOutcome =
  | { readonly kind: 'started'; readonly executionArn: string; readonly startDate: Date }
  | { readonly kind: 'attached'; readonly execution: ExecutionRecord }
  | { readonly kind: 'closed'; readonly execution: ExecutionRecord };

/** One execution as ListExecutions gives it (no input). */
export type ExecutionListItem = Pick<
  ExecutionRecord,
  'executionArn' | 'name' | 'status' | 'startDate' | 'stopDate'
>;

export interface ExecutionControl {
  /** Starts `name` unless an execution of that name exists (names are unique for 90 days). */
  startOnce(req: { stateMachineArn: string; name: string; input: string }): Promise<StartOnceOutcome>;
  /** `undefined` when no execution has that ARN. */
  describeIfExists(executionArn: string): Promise<ExecutionRecord | undefined>;
  /** Newest first, up to `limit`. */
  list(req: {
    stateMachineArn: string;
    status?: ExecutionState;
    limit: number;
  }): Promise<ExecutionListItem[]>;
  stop(req: { executionArn: string; error: string; cause: string }): Promise<Date | undefined>;
  /** Answers a `.waitForTaskToken` task (an approval a cutover waits on). */
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
}
