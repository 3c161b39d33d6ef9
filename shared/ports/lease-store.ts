import type { Weights } from '#core/weights';
import type { TestRouteRecord } from './test-route.ts';
import type { RouterSnapshot } from './traffic-router.ts';

/**
 * The per-router lock. Exactly one writer per router: acquiring is a conditional write that
 * succeeds only when the lease is free or expired, and every acquisition gets a fencing token
 * strictly greater than any before it. Writers check their token before and after each write.
 */
export interface Lease {
  readonly routerArn: string;
  /** Execution ARN of the owner (or `sweeper:<id>` when the safety net holds it). */
  readonly owner: string;
  readonly planName: string;
  readonly token: number;
  /** ISO-8601 instant after which another cutover may take the lease. */
  readonly expiresAt: string;
  readonly released: boolean;
  readonly snapshot?: RouterSnapshot;
  /** The last weights this cutover wrote, by target group ARN: drift is live ≠ this. */
  readonly lastWritten?: Weights;
  /**
   * Weights a writer is about to write, recorded before the write: a write still in flight when the
   * owner stopped is then recognised as this cutover's, never mistaken for an operator's edit.
   */
  readonly pendingWrite?: Weights;
  readonly abortRequested?: { readonly by: string; readonly reason: string; readonly at: string };
  /**
   * Set by the cutover the moment it finds weights it did not write (before it throws DriftDetected):
   * the safety net then knows the live weights are the operator's and releases without restoring.
   */
  readonly driftDetected?: DriftRecord;
  /** The approval (or pause) the cutover waits on, and the human's answer once given. */
  readonly approval?: ApprovalRequest;
  /**
   * The plan's test route, recorded before the rule is created (its ARN once known): whoever ends
   * the cutover — the cutover itself or the safety net — removes the rule it names.
   */
  readonly testRoute?: TestRouteRecord;
}

export interface ApprovalRequest {
  /**
   * A `.waitForTaskToken` wait's token (executions started before waits were watched). A bearer
   * credential: never log or publish it. Watched waits have none: the answer is written here.
   */
  readonly taskToken?: string;
  readonly step: number;
  readonly requestedAt: string;
  readonly kind?: 'approval' | 'pause';
  /** `cutover approve` / `reject` (or resume / roll back at a pause), read by the watching cutover. */
  readonly answer?: {
    readonly decision: 'approved' | 'rejected';
    readonly by: string;
    readonly reason: string;
    readonly at: string;
  };
}

/** Drift as the cutover saw it: weights by target group ARN, and the plan's name for each ARN it knows. */
export interface DriftRecord {
  readonly expected: Weights;
  readonly live: Weights;
  readonly at: string;
  /** Target name per target group ARN, so an alert raised without the plan can still speak in names. */
  readonly targetNames?: Readonly<Record<string, string>>;
}

export type LeasePatch = Partial<
  Pick<
    Lease,
    | 'snapshot'
    | 'lastWritten'
    | 'pendingWrite'
    | 'abortRequested'
    | 'approval'
    | 'driftDetected'
    | 'testRoute'
  >
> & {
  /** Remove the named optional fields. */
  readonly remove?: readonly ('abortRequested' | 'approval' | 'testRoute')[];
};

export interface LeaseStore {
  /** Takes the lease if it is free, released or expired; otherwise throws LeaseHeldError. */
  acquire(req: {
    readonly routerArn: string;
    readonly owner: string;
    readonly planName: string;
    readonly ttlSeconds: number;
    readonly now: Date;
  }): Promise<Lease>;
  /** The safety net takes over a lease whose owner is gone: token + 1, conditional on `expectedToken`. */
  takeOver(req: {
    readonly routerArn: string;
    readonly owner: string;
    readonly expectedToken: number;
    readonly ttlSeconds: number;
    readonly now: Date;
  }): Promise<Lease>;
  /** Extends the expiry; throws LeaseLostError if the token is no longer current. */
  renew(req: {
    readonly routerArn: string;
    readonly token: number;
    readonly ttlSeconds: number;
    readonly now: Date;
  }): Promise<Lease>;
  /** Updates fields, conditional on the token; throws LeaseLostError if it is no longer current. Returns the new lease. */
  update(routerArn: string, token: number, patch: LeasePatch): Promise<Lease>;
  /** Marks the lease released, conditional on the token (the token itself is kept so it only grows). */
  release(routerArn: string, token: number): Promise<void>;
  read(routerArn: string): Promise<Lease | undefined>;
  /** Every lease that is not released (for the sweeper). */
  listActive(): Promise<readonly Lease[]>;
}

/** Whether an execution's plan is still open; a closed plan refuses every write (redrive safety). */
export interface ExecutionLedger {
  open(req: {
    readonly executionArn: string;
    readonly planName: string;
    readonly routerArn: string;
    readonly at: string;
  }): Promise<void>;
  close(req: { readonly executionArn: string; readonly outcome: string; readonly at: string }): Promise<void>;
  /** `undefined` when the execution was never opened. */
  status(executionArn: string): Promise<'OPEN' | 'CLOSED' | undefined>;
}
