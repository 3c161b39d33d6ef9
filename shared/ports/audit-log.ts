import type { Weights } from '#core/weights';

export type AuditAction =
  | 'shift'
  | 'rollback'
  | 'restore'
  | 'approve'
  | 'reject'
  | 'abort'
  | 'started'
  | 'succeeded'
  | 'rolled_back'
  | 'failed'
  | 'paused'
  | 'drift'
  /** A human released a router's lease after restoring the router by hand (`cutover release`). */
  | 'release'
  /** The plan's test route (a header-matched listener rule to the destination) was created or found. */
  | 'test_route_created'
  /** The test route was deleted (or found already gone) at the end of the cutover or by the safety net. */
  | 'test_route_removed'
  /** A lifecycle hook's final answer (pass, fail, timeout). */
  | 'hook';

/** One append-only record per weight write and per human decision. */
export interface AuditEntry {
  readonly at: string;
  readonly planName: string;
  readonly executionArn: string;
  readonly routerArn: string;
  readonly action: AuditAction;
  /** Fencing token the writer held, for writes. */
  readonly token?: number;
  /** Percent per target group ARN. */
  readonly before?: Weights;
  readonly after?: Weights;
  /** Principal (role ARN, caller identity) or `cutover` for the state machine. */
  readonly who: string;
  readonly reason?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(filter: { readonly planName?: string; readonly limit?: number }): Promise<readonly AuditEntry[]>;
}
