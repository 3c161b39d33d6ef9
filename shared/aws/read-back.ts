import type { Clock } from '#ports/clock';

/** Backoff between read-backs: 1 s, 2 s, 4 s, 8 s, then every 10 s. ALB rule updates land in seconds. */
export const READ_BACK_FIRST_DELAY_MS = 1_000;
export const READ_BACK_MAX_DELAY_MS = 10_000;

export interface ReadBackResult<T> {
  readonly settled: boolean;
  /** The last value read. */
  readonly last: T;
  readonly reads: number;
  readonly waitedMs: number;
}

/**
 * Reads until `settled(value)` or until the next wait would exceed `budgetMs`. Waits go through the
 * injected clock, so a rehearsal's virtual clock makes them instant. Elapsed time is the larger of
 * the waits asked for and the clock's own advance, so a fake clock that does not move still ends.
 * Errors from `read` propagate (never swallowed).
 */
export async function readBack<T>(opts: {
  readonly clock: Clock;
  readonly budgetMs: number;
  readonly read: () => Promise<T>;
  readonly settled: (value: T) => boolean;
}): Promise<ReadBackResult<T>> {
  const startedAt = opts.clock.now().getTime();
  let waitedMs = 0;
  let delayMs = READ_BACK_FIRST_DELAY_MS;
  let reads = 0;
  for (;;) {
    const value = await opts.read();
    reads += 1;
    const elapsedMs = Math.max(waitedMs, opts.clock.now().getTime() - startedAt);
    if (opts.settled(value)) return { settled: true, last: value, reads, waitedMs: elapsedMs };
    if (elapsedMs + delayMs > opts.budgetMs)
      return { settled: false, last: value, reads, waitedMs: elapsedMs };
    await opts.clock.sleep(delayMs);
    waitedMs += delayMs;
    delayMs = Math.min(delayMs * 2, READ_BACK_MAX_DELAY_MS);
  }
}
