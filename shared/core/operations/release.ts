import type { ResolvedPlan, RouterRef } from '#plan/types';
import type { AuditLog } from '#ports/audit-log';
import type { IdentitySource } from '#ports/caller-identity';
import type { Clock } from '#ports/clock';
import type { ExecutionControl } from '#ports/execution-control';
import type { Lease, LeaseStore } from '#ports/lease-store';
import type { TrafficRouter } from '#ports/traffic-router';
import { ErrorName } from '../errors.ts';
import { executionOfOwner, humanOwner, parseLeaseOwner } from '../lease-owners.ts';
import { toTargetNameWeights } from '../target-weights.ts';
import type { Weights } from '../weights.ts';
import { releaseRecord } from './audit-records.ts';
import { attempt, OperationCallError, OperationRefusedError } from './errors.ts';

/** Long enough for the release that follows; if the CLI dies in between, the lease frees itself soon. */
const TAKEOVER_TTL_SECONDS = 300;

export interface ReleasePorts {
  readonly leases: LeaseStore;
  readonly audit: AuditLog;
  readonly identity: IdentitySource;
  readonly clock: Clock;
  /** Step Functions in the region of an execution ARN. */
  executionsIn(region: string): ExecutionControl;
  /** The router, read-only here. */
  routerFor(router: RouterRef): TrafficRouter;
  /** Turns a failed read into one line for the summary (the release stands regardless). */
  describeFailure(error: unknown, doing: string): string;
}

export interface ReleaseRequest {
  readonly router: RouterRef;
  /** When given, weights are shown by target name. */
  readonly plan?: ResolvedPlan;
  readonly reason: string;
}

export type ReleaseResult =
  | {
      readonly released: true;
      readonly routerArn: string;
      readonly planName: string;
      /** Who held the lease: an execution ARN, `sweeper:<execution>` (the safety net) or `human:<arn>`. */
      readonly previousOwner: string;
      /** The fencing token the lease was released with (the old one + 1). */
      readonly token: number;
      readonly by: string;
      readonly reason: string;
      readonly at: string;
      /** What the router serves now: by target name when a plan was given, else by target group ARN. */
      readonly liveWeights: Weights | null;
      /** Why the live weights could not be read (the release stands regardless). */
      readonly liveWeightsError?: string;
      /** The snapshot taken before the cutover (what rollbacks restore), keyed like liveWeights. */
      readonly snapshotWeights: Weights | null;
      /** The plan's test route the lease still records: a human release leaves that rule for the human. */
      readonly testRoute?: Lease['testRoute'];
    }
  | {
      readonly released: false;
      readonly routerArn: string;
      readonly nothingToRelease: 'no lease' | 'already released';
      /** The token of the lease already released. */
      readonly releasedToken?: number;
    };

/** A released lease, with the words the CLI summary uses. */
export type Released = Extract<ReleaseResult, { released: true }> & {
  /** The previous owner in words, e.g. `execution arn:… (FAILED)`. */
  readonly previousOwnerDescribed: string;
};

/**
 * Releases a router's lease after a human restored the router by hand: refuses while the owner still
 * runs, takes the lease over with a higher fencing token (so a late writer of the old owner fails its
 * check), releases it, reads the live weights and records who, why, the token and those weights.
 * It never writes the router.
 */
export async function releaseLease(
  request: ReleaseRequest,
  ports: ReleasePorts,
): Promise<Released | Extract<ReleaseResult, { released: false }>> {
  const { router, plan, reason } = request;
  const lease = await attempt(`reading the lease of router ${router.arn}`, () =>
    ports.leases.read(router.arn),
  );
  if (!lease || lease.released) {
    return {
      released: false,
      routerArn: router.arn,
      nothingToRelease: lease ? 'already released' : 'no lease',
      ...(lease ? { releasedToken: lease.token } : {}),
    };
  }
  const previousOwnerDescribed = await describeStoppedOwner(lease, ports);
  const identity = await attempt('reading the caller identity (sts:GetCallerIdentity)', () =>
    ports.identity.whoAmI(),
  );
  const now = ports.clock.now();
  const token = await takeOverAndRelease(ports.leases, lease, humanOwner(identity.arn), now);
  const live = await readLiveWeights(router, ports);
  const at = now.toISOString();
  const subject = {
    at,
    planName: lease.planName,
    executionArn: executionOfOwner(lease.owner),
    routerArn: router.arn,
  };
  const record = releaseRecord(
    { ...subject, who: identity.arn },
    { token, previousOwner: lease.owner, reason, ...(live.weights ? { liveWeights: live.weights } : {}) },
  );
  await attempt(
    'recording the release in the audit log',
    () => ports.audit.record(record),
    (failure) =>
      `router ${router.arn}: the lease IS released (token ${token}), but ${failure}; note the release (who, why, token) where your team keeps incident records`,
  );
  const shown = (weights: Weights) => (plan ? toTargetNameWeights(plan, weights) : weights);
  return {
    released: true,
    routerArn: router.arn,
    planName: lease.planName,
    previousOwner: lease.owner,
    previousOwnerDescribed,
    token,
    by: identity.arn,
    reason,
    at,
    liveWeights: live.weights ? shown(live.weights) : null,
    ...(live.error !== undefined ? { liveWeightsError: live.error } : {}),
    snapshotWeights: lease.snapshot ? shown(lease.snapshot.weights) : null,
    ...(lease.testRoute ? { testRoute: lease.testRoute } : {}),
  };
}

const EXECUTION_REGION = /^arn:aws[a-z-]*:states:([a-z0-9-]+):/;

/**
 * Releasing under a live owner would leave its traffic split half-shifted with nobody to finish or
 * roll it back, so the owner must have stopped. Returns the owner in words for the summary.
 */
async function describeStoppedOwner(lease: Lease, ports: ReleasePorts): Promise<string> {
  const owner = parseLeaseOwner(lease.owner);
  if (owner.kind === 'sweeper') return `the safety net (execution ${owner.executionArn} had stopped)`;
  if (owner.kind === 'human') return `an unfinished release by ${owner.principal}`;
  if (owner.kind === 'execution') {
    const region = EXECUTION_REGION.exec(owner.executionArn)?.[1] as string;
    const execution = await attempt(`reading execution ${owner.executionArn}`, () =>
      ports.executionsIn(region).describeIfExists(owner.executionArn),
    );
    if (execution?.status === 'RUNNING') {
      throw new OperationRefusedError(
        'not-now',
        `router ${lease.routerArn}: its lease is held by execution ${lease.owner}, which is still RUNNING; releasing would leave its split unowned — use cutover abort ${lease.owner} (--force if it is stuck); nothing was changed`,
      );
    }
    if (execution) return `execution ${lease.owner} (${execution.status})`;
  }
  // Not an execution Step Functions knows (a local run, `cutover run --local`): alive until its lease expires.
  if (Date.parse(lease.expiresAt) > ports.clock.now().getTime()) {
    throw new OperationRefusedError(
      'not-now',
      `router ${lease.routerArn}: its lease is held by ${lease.owner}, which Step Functions does not know (a local run?), until ${lease.expiresAt}; if that run is still going, stop it (Ctrl-C rolls back); otherwise run cutover release again after ${lease.expiresAt}; nothing was changed`,
    );
  }
  return `${lease.owner} (not running; lease expired ${lease.expiresAt})`;
}

/**
 * Takes the lease over at token + 1 and releases it with that token: every writer still holding
 * the old token fails its fencing check from now on. Returns the token released with.
 */
async function takeOverAndRelease(
  leases: LeaseStore,
  lease: Lease,
  owner: string,
  now: Date,
): Promise<number> {
  const doing = `releasing the lease of router ${lease.routerArn}`;
  try {
    const takeOver = { routerArn: lease.routerArn, owner, expectedToken: lease.token, now };
    const taken = await leases.takeOver({ ...takeOver, ttlSeconds: TAKEOVER_TTL_SECONDS });
    await leases.release(lease.routerArn, taken.token);
    return taken.token;
  } catch (error) {
    if (error instanceof Error && error.name === ErrorName.LeaseLost) {
      throw new OperationRefusedError(
        'not-now',
        `router ${lease.routerArn}: the lease changed hands while releasing it (read token ${lease.token}; ${error.message}); run cutover release again to see who holds it now`,
      );
    }
    throw new OperationCallError(doing, error);
  }
}

/** Read-only: the release stands even when the router cannot be read (e.g. a listener deleted by hand). */
async function readLiveWeights(
  router: RouterRef,
  ports: ReleasePorts,
): Promise<{ weights?: Weights; error?: string }> {
  try {
    return { weights: await ports.routerFor(router).getWeights() };
  } catch (error) {
    return { error: ports.describeFailure(error, `reading ${router.kind} ${router.arn}`) };
  }
}
