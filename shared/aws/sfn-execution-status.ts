import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ExecutionStatusSource, ExecutionStatusValue } from '#ports/execution-status';
import { awsErrorCode, toCutoverError } from './aws-errors.ts';

export interface SfnExecutionStatusSourceOptions {
  readonly client: SFNClient;
}

/** Whether a lease's owner still runs: one DescribeExecution (the safety net's only Step Functions call). */
export class SfnExecutionStatusSource implements ExecutionStatusSource {
  readonly #client: SFNClient;
  constructor(options: SfnExecutionStatusSourceOptions) {
    this.#client = options.client;
  }

  async status(
    executionArn: string,
  ): Promise<{ readonly status: ExecutionStatusValue; readonly stopDate?: string }> {
    try {
      const out = await this.#client.send(new DescribeExecutionCommand({ executionArn }));
      const status = (out.status ?? 'RUNNING') as ExecutionStatusValue;
      return out.stopDate ? { status, stopDate: out.stopDate.toISOString() } : { status };
    } catch (error) {
      // A lease owned by a local run (`cutover run --local`) names no real execution.
      if (awsErrorCode(error) === 'ExecutionDoesNotExist' || awsErrorCode(error) === 'InvalidArn')
        return { status: 'NOT_FOUND' };
      throw toCutoverError(error, `execution ${executionArn}`);
    }
  }
}
