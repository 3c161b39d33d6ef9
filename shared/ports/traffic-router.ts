import type { Weights } from '#core/weights';

/**
 * The router's actions exactly as AWS returned them, kept so that `restore` can write them back
 * byte for byte. `actions` is the raw ELBv2 `Action[]` (JSON-serialisable), never re-derived.
 */
export interface RouterSnapshot {
  readonly routerArn: string;
  readonly kind: 'listener' | 'rule';
  readonly actions: readonly unknown[];
  /** Shares per target group ARN in the snapshot's forward action (percent, sums to 100). */
  readonly weights: Weights;
  readonly capturedAt: string;
  /**
   * Target name per target group ARN, added by the cutover when it stores the snapshot, so the
   * safety net (which runs without the plan) still speaks in target names.
   */
  readonly targetNames?: Readonly<Record<string, string>>;
}

export interface WriteResult {
  /** False when the live weights already equalled the desired ones (nothing was written). */
  readonly written: boolean;
  readonly before: Weights;
  readonly after: Weights;
  /**
   * True when the live weights no longer equalled `guard.expected`: nothing was written and `before`
   * holds the weights found. The router only reports it; whether that is drift is decided in core.
   */
  readonly stale: boolean;
}

export interface RestoreResult {
  /** False when the live weights equalled none of `guard.expected`: nothing was written. */
  readonly restored: boolean;
  /** The weights read just before the write (the ones found when nothing was written). */
  readonly live: Weights;
}

/**
 * Where a cutover's weights live: one ALB listener's default action or one listener rule.
 * All weights here are keyed by target group ARN, in percent, summing to 100.
 */
export interface TrafficRouter {
  readonly arn: string;
  /** The router's actions exactly as AWS returns them. */
  snapshot(): Promise<RouterSnapshot>;
  /** Share of traffic per target group ARN of the forward action (ALB weights read as shares of their sum). */
  getWeights(): Promise<Weights>;
  /**
   * Writes `desired` if the live weights still equal `guard.expected` (else writes nothing and
   * answers `stale` with the weights found); a no-op when live already equals desired. Target groups in `desired` that are missing from the
   * forward action are added (at most 5 in all); stickiness and other actions are kept.
   */
  setWeights(desired: Weights, guard: { readonly expected: Weights }): Promise<WriteResult>;
  /** Reads back, with bounded polling and backoff, until live equals `desired`, or throws WeightsNotVerifiedError. */
  verify(desired: Weights): Promise<void>;
  /**
   * Writes the snapshot's actions back exactly as captured, then verifies them — if the live weights
   * still equal one of `guard.expected`; otherwise writes nothing and answers `restored: false` with
   * the weights found. (ELBv2 has no conditional write: the re-read is just before the write.)
   */
  restore(snapshot: RouterSnapshot, guard: { readonly expected: readonly Weights[] }): Promise<RestoreResult>;
}
