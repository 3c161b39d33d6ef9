import { HookTimeoutError, HookUnreachableError } from '#core/hook-errors';
import type { Clock } from '#ports/clock';

/** A call that did not get through but may next time (network, HTTP 5XX/429, Lambda throttling or error). */
export class HookDeliveryError extends Error {
  override readonly name = 'HookDeliveryError';
}

/** What `fetch` and the SDK throw when an AbortSignal (our deadline) fires. */
export function isDeadlineAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

export interface DeliveryOptions {
  readonly subject: string;
  readonly retries: number;
  /** Epoch ms after which no answer counts. */
  readonly deadline: number;
  readonly clock: Clock;
  /** First backoff; doubles per retry, capped at 30 s. */
  readonly baseDelayMs: number;
}

const MAX_DELAY_MS = 30_000;

/**
 * Calls `attempt` (given the time left) until it answers, redelivering `HookDeliveryError`s up to
 * `retries` times with exponential backoff. The deadline bounds everything: a backoff that would end
 * after it, or an attempt aborted by it, is a `HookTimeoutError`; running out of retries is a
 * `HookUnreachableError` naming the last failure.
 */
export async function deliver<T>(
  attempt: (timeLeftMs: number) => Promise<T>,
  options: DeliveryOptions,
): Promise<T> {
  const { subject, retries, deadline, clock } = options;
  for (let tried = 0; ; tried += 1) {
    const left = deadline - clock.now().getTime();
    if (left <= 0)
      throw new HookTimeoutError(
        `${subject}: no answer before the deadline (${tried} attempt${tried === 1 ? '' : 's'})`,
      );
    try {
      return await attempt(left);
    } catch (error) {
      if (isDeadlineAbort(error))
        throw new HookTimeoutError(
          `${subject}: no answer within ${Math.round(left / 1000)} s (the hook's timeout)`,
          { cause: error },
        );
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof HookDeliveryError) || tried >= retries)
        throw new HookUnreachableError(
          `${subject}: ${message} (after ${tried + 1} attempt${tried === 0 ? '' : 's'})`,
          { cause: error },
        );
      const delay = Math.min(options.baseDelayMs * 2 ** tried, MAX_DELAY_MS);
      if (clock.now().getTime() + delay >= deadline)
        throw new HookTimeoutError(`${subject}: ${message}; no time left to try again before the deadline`, {
          cause: error,
        });
      await clock.sleep(delay);
    }
  }
}
