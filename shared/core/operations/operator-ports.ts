import type { AuditLog } from '#ports/audit-log';
import type { IdentitySource } from '#ports/caller-identity';
import type { Clock } from '#ports/clock';
import type { ExecutionControl, ExecutionDescription } from '#ports/execution-control';
import type { LeaseStore } from '#ports/lease-store';
import { OperationRefusedError } from './errors.ts';

/**
 * What an operator action on one execution works with: the state machine, the caller, the clock,
 * and the Cutover table's lease store and audit log (absent when the operator named no table).
 */
export interface ExecutionActionPorts {
  readonly executions: ExecutionControl;
  readonly identity: IdentitySource;
  readonly clock: Clock;
  readonly leases?: LeaseStore;
  readonly audit?: AuditLog;
}

/** Approve, reject and abort act only on a running execution. */
export function requireRunning(execution: ExecutionDescription, action: string): void {
  if (execution.status !== 'RUNNING') {
    throw new OperationRefusedError(
      'invalid-input',
      `execution ${execution.executionArn}: already ended (${execution.status}${execution.stopDate ? ` at ${execution.stopDate.toISOString()}` : ''}); nothing to ${action}`,
    );
  }
}

/** A port the action cannot do without: the operator gave no table. */
export function required<T>(port: T | undefined, what: string): T {
  if (port === undefined) throw new OperationRefusedError('invalid-input', `no table for the ${what}`);
  return port;
}
