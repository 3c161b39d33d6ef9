import type { SeededRandom } from '../prng.ts';
import type { VirtualClock } from '../virtual-clock.ts';

/**
 * The SDK's retry middleware stays in charge (it classifies each error as THROTTLING, TRANSIENT,
 * SERVER_ERROR or CLIENT_ERROR with the SDK's own rules and loops over attempts); this strategy only
 * decides and waits like the SDK's standard strategy does — full-jitter exponential backoff, 1 s base
 * for throttling and 50 ms otherwise, capped at 20 s — but on the virtual clock with seeded jitter.
 * The SDK's own strategies sleep with `setTimeout` and draw jitter from Math.random, and adaptive mode
 * rate-limits by wall time; any of those would make a rehearsal slow and not reproducible.
 */

const THROTTLING_BASE_MS = 1_000;
const TRANSIENT_BASE_MS = 50;
const MAX_DELAY_MS = 20_000;

interface RetryErrorInfo {
  readonly errorType: 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';
}

class VirtualRetryToken {
  readonly $retryLog: { acquisitionDelay: number };
  readonly #count: number;

  constructor(count: number, waitedMs: number) {
    this.#count = count;
    this.$retryLog = { acquisitionDelay: waitedMs };
  }

  getRetryCount(): number {
    return this.#count;
  }

  /** The wait already happened on the virtual clock; the middleware must not wait again. */
  getRetryDelay(): number {
    return 0;
  }
}

export class VirtualRetryStrategy {
  readonly mode = 'standard';
  readonly #maxAttempts: () => Promise<number>;
  readonly #clock: VirtualClock;
  readonly #random: SeededRandom;
  readonly #onRetry: (info: { errorType: string; attempt: number; delayMs: number }) => void;

  constructor(opts: {
    readonly maxAttempts: () => Promise<number>;
    readonly clock: VirtualClock;
    readonly random: SeededRandom;
    readonly onRetry?: (info: { errorType: string; attempt: number; delayMs: number }) => void;
  }) {
    this.#maxAttempts = opts.maxAttempts;
    this.#clock = opts.clock;
    this.#random = opts.random;
    this.#onRetry = opts.onRetry ?? (() => {});
  }

  async acquireInitialRetryToken(_scope: string): Promise<VirtualRetryToken> {
    return new VirtualRetryToken(0, 0);
  }

  async refreshRetryTokenForRetry(
    token: VirtualRetryToken,
    info: RetryErrorInfo,
  ): Promise<VirtualRetryToken> {
    const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT';
    const attempts = token.getRetryCount() + 1;
    if (!retryable || attempts >= (await this.#maxAttempts())) throw new Error('No retry token available');
    const base = info.errorType === 'THROTTLING' ? THROTTLING_BASE_MS : TRANSIENT_BASE_MS;
    const delayMs = Math.floor(
      this.#random.next() * Math.min(base * 2 ** token.getRetryCount(), MAX_DELAY_MS),
    );
    this.#onRetry({ errorType: info.errorType, attempt: attempts, delayMs });
    await this.#clock.sleep(delayMs);
    return new VirtualRetryToken(attempts, delayMs);
  }

  recordSuccess(_token: VirtualRetryToken): void {}
}
