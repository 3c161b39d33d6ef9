import type { ResolvedPlan } from '#plan/types';
import type { ExecutionDescription } from '#ports/execution-control';
import type { Lease, LeaseStore } from '#ports/lease-store';
import { ErrorName } from '../errors.ts';
import { abortRecord } from './audit-records.ts';
import { attempt, OperationCallError, OperationRefusedError } from './errors.ts';
import { type ExecutionActionPorts, required, requireRunning } from './operator-ports.ts';

export interface AbortRequest {
  readonly execution: ExecutionDescription;
  readonly plan: ResolvedPlan;
  readonly reason: string;
  /** Stop the execution (StopExecution) instead of asking it to roll back. */
  readonly force: boolean;
}

export interface AbortResult {
  readonly abort: 'requested' | 'stopped';
  readonly executionArn: string;
  readonly planName: string;
  readonly by: string;
  readonly reason: string;
  readonly at: string;
  /** Graceful abort only: whether a waiting approval was answered with AbortRequested. */
  readonly approvalAnswered: boolean;
  /** Whether the abort is in the audit log (a forced stop without a table skips it). */
  readonly audited: boolean;
}

/**
 * Graceful: marks the lease abortRequested, so the cutover rolls back through its normal rollback at
 * its next poll, and answers a waiting approval so that it need not time out first. Forced: stops
 * the execution; the safety net restores the snapshot. Either way the caller and reason are audited.
 */
export async function abortExecution(
  request: AbortRequest,
  ports: ExecutionActionPorts,
): Promise<AbortResult> {
  const { execution, plan, reason, force } = request;
  requireRunning(execution, 'abort');
  if (!force) required(ports.leases, 'lease');
  const identity = await attempt('reading the caller identity (sts:GetCallerIdentity)', () =>
    ports.identity.whoAmI(),
  );
  const at = ports.clock.now().toISOString();
  let approvalAnswered = false;
  if (force) {
    await attempt(`stopping execution ${execution.executionArn}`, () =>
      ports.executions.stop({
        executionArn: execution.executionArn,
        error: ErrorName.AbortRequested,
        cause: `stopped by ${identity.arn}: ${reason}`,
      }),
    );
  } else {
    const lease = await requestAbortOnLease(request, ports.leases as LeaseStore, {
      by: identity.arn,
      reason,
      at,
    });
    approvalAnswered = await answerWaitingApproval(
      lease,
      ports,
      `abort requested by ${identity.arn}: ${reason}`,
    );
  }
  const subject = {
    at,
    planName: plan.name,
    executionArn: execution.executionArn,
    routerArn: plan.router.arn,
    who: identity.arn,
  };
  const audit = ports.audit;
  if (audit) {
    await attempt('recording the abort in the audit log', () =>
      audit.record(abortRecord(subject, reason, force)),
    );
  }
  return {
    abort: force ? 'stopped' : 'requested',
    executionArn: execution.executionArn,
    planName: plan.name,
    by: identity.arn,
    reason,
    at,
    approvalAnswered,
    audited: audit !== undefined,
  };
}

/** Sets abortRequested under the execution's own fencing token; returns the lease as it was read. */
async function requestAbortOnLease(
  request: AbortRequest,
  leases: LeaseStore,
  abortRequested: { readonly by: string; readonly reason: string; readonly at: string },
): Promise<Lease> {
  const { execution, plan } = request;
  const routerArn = plan.router.arn;
  const lease = await attempt(`reading the lease of router ${routerArn}`, () => leases.read(routerArn));
  if (!lease || lease.released || lease.owner !== execution.executionArn) {
    throw new OperationRefusedError(
      'invalid-input',
      `execution ${execution.executionArn}: holds no lease on ${routerArn}, so it has written nothing to roll back yet (or the safety net took over); ` +
        'use --force to stop the execution',
    );
  }
  try {
    await leases.update(routerArn, lease.token, { abortRequested });
  } catch (error) {
    if (error instanceof Error && error.name === ErrorName.LeaseLost) {
      throw new OperationRefusedError(
        'not-now',
        `router ${routerArn}: the lease changed hands while asking for the abort (the safety net took over); see cutover status ${execution.executionArn}`,
      );
    }
    throw new OperationCallError(`marking the lease of ${routerArn} abortRequested`, error);
  }
  return lease;
}

/** Waiting on a human would delay the rollback until the approval times out: answer it now. */
async function answerWaitingApproval(
  lease: Lease,
  ports: ExecutionActionPorts,
  cause: string,
): Promise<boolean> {
  const taskToken = lease.approval?.taskToken;
  if (taskToken === undefined) return false;
  try {
    await ports.executions.sendTaskFailure(taskToken, ErrorName.AbortRequested, cause);
    return true;
  } catch {
    // Already answered or timed out: the lease flag still triggers the rollback.
    return false;
  }
}
