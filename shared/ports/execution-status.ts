/** Whether a Step Functions execution still runs (the safety net restores leases whose owner stopped). */
export type ExecutionStatusValue =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE'
  | 'NOT_FOUND';

export interface ExecutionStatusSource {
  /** One DescribeExecution; `NOT_FOUND` when the execution does not exist (e.g. a local run). */
  status(
    executionArn: string,
  ): Promise<{ readonly status: ExecutionStatusValue; readonly stopDate?: string }>;
}
