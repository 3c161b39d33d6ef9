import { CutoverError, ErrorName } from './errors.ts';

/** A hook call could not be delivered after its retries; the message says what the last try got. */
export class HookUnreachableError extends CutoverError {
  override readonly name = ErrorName.HookUnreachable;
}

/** No answer before the hook's deadline (its timeout): a fail, like any other unanswered check. */
export class HookTimeoutError extends CutoverError {
  override readonly name = ErrorName.HookTimeout;
}
