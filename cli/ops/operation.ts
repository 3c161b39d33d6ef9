import { OperationCallError, OperationRefusedError } from '#core/operations/errors';
import { CliFailure, environmentFailure, toCliFailure, usageFailure } from '../failure.ts';
import { ExitCode } from '../io.ts';

/**
 * Runs one operator action from shared/core/operations and turns how it ended into the CLI's exit
 * codes: a refusal is exit 2 (the request) or 1 (not now); a failed AWS call is exit 3, named.
 */
export async function operation<T>(act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    throw operationFailure(error);
  }
}

export function operationFailure(error: unknown): unknown {
  if (error instanceof OperationRefusedError) {
    return error.kind === 'invalid-input'
      ? usageFailure(error.message)
      : new CliFailure(ExitCode.NotSucceeded, error.message);
  }
  if (error instanceof OperationCallError) {
    const failure = toCliFailure(error.cause, error.doing);
    return error.explain ? environmentFailure(error.explain(failure.message), error.cause) : failure;
  }
  return error;
}
