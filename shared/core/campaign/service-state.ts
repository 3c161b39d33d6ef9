import type { ServiceOutcome } from '#campaign/outcome';
import type { ExecutionRecord } from '#ports/execution-control';
import { ErrorName } from '../errors.ts';

/** Where one service of a campaign is: its cutover running, or how it ended (or that it never started). */
export type ServiceState = 'running' | ServiceOutcome;

/**
 * Errors a cutover ends with before it wrote anything, or where a human must look (the router is not
 * simply back at its snapshot): the service failed rather than rolled back.
 */
const NOT_ROLLED_BACK = new Set<string>([
  ErrorName.PlanInvalid,
  ErrorName.StalePlan,
  ErrorName.LeaseHeld,
  ErrorName.PlanClosed,
  ErrorName.PreflightFailed,
  ErrorName.RollbackFailed,
  ErrorName.SnapshotUnrestorable,
  ErrorName.RetreatUnavailable,
  ErrorName.DriftDetected,
]);

/** The state of a service from its child execution (undefined: not started). Pure. */
export function serviceStateOf(child: ExecutionRecord | undefined): ServiceState {
  if (child === undefined) return 'not_started';
  switch (child.status) {
    case 'RUNNING':
      return 'running';
    case 'SUCCEEDED':
      return outcomeSaid(child.output) ?? 'succeeded';
    case 'ABORTED':
      return 'aborted';
    case 'FAILED':
      if (child.error === ErrorName.ApprovalRejected) return 'rejected';
      return child.error !== undefined && NOT_ROLLED_BACK.has(child.error) ? 'failed' : 'rolled_back';
    default:
      return 'failed';
  }
}

const SAID = new Set<string>(['succeeded', 'rolled_back', 'paused', 'rejected', 'failed']);

/** A cutover that ends without a Fail state says its outcome in its output (e.g. `paused`). */
function outcomeSaid(output: string | undefined): ServiceOutcome | undefined {
  if (output === undefined) return undefined;
  try {
    const said = (JSON.parse(output) as { outcome?: unknown }).outcome;
    return typeof said === 'string' && SAID.has(said) ? (said as ServiceOutcome) : undefined;
  } catch {
    return undefined;
  }
}
