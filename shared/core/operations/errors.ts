/**
 * How an operator action ends when it does not do what was asked. The CLI maps these to its exit
 * codes; the messages are complete sentences for the operator.
 */

/**
 * The action was refused before anything changed. `invalid-input`: the request cannot work as given
 * (exit 2); `not-now`: the world is not in a state that allows it, try again later (exit 1).
 */
export class OperationRefusedError extends Error {
  override readonly name = 'OperationRefused';
  readonly kind: 'invalid-input' | 'not-now';
  constructor(kind: 'invalid-input' | 'not-now', message: string) {
    super(message);
    this.kind = kind;
  }
}

/**
 * A call to AWS (through a port) failed while `doing` something. `explain` turns the one-line
 * failure into the message when part of the action had already happened.
 */
export class OperationCallError extends Error {
  override readonly name = 'OperationCallFailed';
  readonly doing: string;
  readonly explain: ((failure: string) => string) | undefined;
  constructor(doing: string, cause: unknown, explain?: (failure: string) => string) {
    super(`${doing}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.doing = doing;
    this.explain = explain;
  }
}

/** Runs one port call; a failure names what was being done. */
export async function attempt<T>(
  doing: string,
  call: () => Promise<T>,
  explain?: (failure: string) => string,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof OperationRefusedError || error instanceof OperationCallError) throw error;
    throw new OperationCallError(doing, error, explain);
  }
}
