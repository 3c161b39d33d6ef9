import type { Weights } from '#core/weights';
import type { HookPoint, ResolvedHook } from '#plan/hook-types';

/**
 * The JSON every hook receives (Lambda payload, or the body of the signed POST). Version 1; fields
 * are added, never renamed. `testRoute` is present when the plan has a test route: send smoke and
 * load tests with that header to reach only the destination.
 */
export interface HookEvent {
  readonly version: 1;
  readonly hook: HookPoint;
  readonly planName: string;
  readonly executionArn: string;
  /** The step just baked (afterStep, beforeComplete), the first step (preTraffic), or where the rollback came from (onRollback); null if none. */
  readonly step: { readonly index: number; readonly label: string; readonly weights: Weights } | null;
  /** Percent per target name the router holds now. */
  readonly weights: Weights;
  readonly from: string;
  readonly to: string;
  readonly testRoute?: { readonly header: string; readonly value: string };
  /** onRollback: why the cutover rolled back. */
  readonly reason?: string;
  /** 1 for the first call of this hook at this point; retry-later answers ask again with the next. */
  readonly attempt: number;
  /** Cutover stops waiting at this instant (ISO-8601): answer before it, or retryLater. */
  readonly deadline: string;
  readonly sentAt: string;
}

/** What a hook answers: `{ "verdict": "pass" | "fail" | "retryLater", "reason"?: "…", "retryAfterSeconds"?: 30 }`. */
export interface HookAnswer {
  readonly verdict: 'pass' | 'fail' | 'retryLater';
  readonly reason?: string;
  readonly retryAfterSeconds?: number;
}

/**
 * Calls one hook and returns its answer. Throws `HookUnreachableError` when the call could not be
 * delivered after the hook's retries, and `HookTimeoutError` when no answer came by the deadline.
 */
export interface HookRunner {
  call(hook: ResolvedHook, event: HookEvent): Promise<HookAnswer>;
}
