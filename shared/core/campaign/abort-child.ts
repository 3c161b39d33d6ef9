import type { Lease } from '#ports/lease-store';
import { ErrorName } from '../errors.ts';
import type { CampaignServiceView } from './campaign-view.ts';
import type { CampaignOpsPorts, CampaignTablePorts } from './ports.ts';

/** What abort did to one running child cutover. */
export interface ChildAbort {
  readonly service: string;
  readonly executionArn: string;
  /**
   * `requested`: its lease is marked abortRequested, it rolls back at its next poll; `stopped`: it
   * held no lease yet (nothing written) or --force: StopExecution, the safety net restores;
   * `lease_lost`: the safety net holds its router already.
   */
  readonly abort: 'requested' | 'stopped' | 'lease_lost';
  readonly routerArn?: string;
}

export interface AbortBy {
  readonly by: string;
  readonly reason: string;
  readonly at: string;
}

/**
 * Gracefully aborts one running child, the way `cutover abort` does: the abortRequested flag on its
 * router lease (and a waiting approval answered), so it rolls back through its own verified
 * rollback. A child that holds no lease has written nothing: stopping it loses nothing.
 */
export async function abortChildGracefully(
  ports: CampaignOpsPorts,
  table: CampaignTablePorts,
  child: CampaignServiceView,
  routerArn: string,
  by: AbortBy,
): Promise<ChildAbort> {
  const base = { service: child.name, executionArn: child.executionArn, routerArn };
  const lease = await table.leases.read(routerArn);
  if (!ownedBy(lease, child.executionArn)) {
    await stopChild(ports, child, by);
    return { ...base, abort: 'stopped' };
  }
  try {
    await table.leases.update(routerArn, lease.token, { abortRequested: by });
  } catch (error) {
    if (error instanceof Error && error.name === ErrorName.LeaseLost) return { ...base, abort: 'lease_lost' };
    throw error;
  }
  const token = lease.approval?.taskToken;
  if (token !== undefined) {
    // Waiting on a human would hold the rollback until the approval times out: answer it now.
    await ports.executions
      .sendTaskFailure(token, ErrorName.AbortRequested, `campaign abort by ${by.by}: ${by.reason}`)
      .catch(() => undefined); // already answered or timed out: the lease flag still triggers the rollback
  }
  return { ...base, abort: 'requested' };
}

export async function stopChild(
  ports: CampaignOpsPorts,
  child: CampaignServiceView,
  by: AbortBy,
): Promise<void> {
  await ports.executions.stop({
    executionArn: child.executionArn,
    error: ErrorName.AbortRequested,
    cause: `campaign abort by ${by.by}: ${by.reason}`,
  });
}

function ownedBy(lease: Lease | undefined, executionArn: string): lease is Lease {
  return lease !== undefined && !lease.released && lease.owner === executionArn;
}
