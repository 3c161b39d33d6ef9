import type { AuditLog } from '#ports/audit-log';
import type { CampaignAbortFlags } from '#ports/campaign-abort-flags';
import type { Clock } from '#ports/clock';
import type { ExecutionControl } from '#ports/execution-control';
import type { LeaseStore } from '#ports/lease-store';

/** The Cutover table's ports: leases (child aborts), the audit log, the campaign abort item. */
export interface CampaignTablePorts {
  readonly leases: LeaseStore;
  readonly audit: AuditLog;
  readonly abortFlags: CampaignAbortFlags;
}

/** What the campaign operations (start, status, watch, abort) need. */
export interface CampaignOpsPorts {
  readonly executions: ExecutionControl;
  readonly clock: Clock;
  /** Who is asking (the caller's ARN), recorded with an abort. */
  whoAmI(): Promise<string>;
  /** Absent when the table is not known: status still works, without the abort item. */
  readonly table?: CampaignTablePorts;
}

/** The two deployed state machines a campaign involves. */
export interface CampaignMachines {
  readonly campaignStateMachineArn: string;
  /** The cutover state machine: the children are its executions. */
  readonly cutoverStateMachineArn: string;
}

/**
 * An operation refused for what the operator asked (no such execution, it already ended): the CLI
 * reports it as invalid input (exit 2), nothing was written.
 */
export class CampaignOperationRefusedError extends Error {
  override readonly name = 'CampaignOperationRefused';
}

/** The ARN Step Functions gives the execution `name` of a standard state machine. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}
