import { ApiBudgetExhaustedError } from './errors.ts';
import type { TakeResult } from './token-bucket.ts';

/** How long a cutover waits for an ELB API token before it gives up (and the ASL retries the step). */
export const MAX_BUDGET_WAIT_MS = 60_000;

/**
 * Takes a token, sleeping for the refill the bucket asks for, at most `maxWaitMs` in total. `attempt`
 * is one try against wherever the bucket lives (memory, a DynamoDB item).
 */
export async function pacedTake(
  bucket: string,
  attempt: () => Promise<TakeResult>,
  sleep: (ms: number) => Promise<void>,
  maxWaitMs = MAX_BUDGET_WAIT_MS,
): Promise<void> {
  let waited = 0;
  for (;;) {
    const result = await attempt();
    if (result.ok) return;
    if (waited + result.waitMs > maxWaitMs) throw new ApiBudgetExhaustedError(bucket, waited);
    await sleep(result.waitMs);
    waited += result.waitMs;
  }
}
