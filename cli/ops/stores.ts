import type { AuditLog } from '#ports/audit-log';
import type { LeaseStore } from '#ports/lease-store';
import { type ParsedArgs, stringFlag } from '../command.ts';
import type { CliIo } from '../io.ts';
import type { Deployment } from './deployment.ts';
import { stackOutput } from './deployment.ts';
import { type OpsDeps, rootOf } from './deps.ts';

export interface TableRef {
  readonly tableName: string;
  readonly region: string;
}

// The root loads the DynamoDB adapters on first use: most commands (render, schedule, start without
// a table) never touch the table, and the CLI starts faster without them.
export function leaseStore(deps: OpsDeps, table: TableRef): Promise<LeaseStore> {
  return rootOf(deps).leases(table);
}

export function auditLog(deps: OpsDeps, table: TableRef): Promise<AuditLog> {
  return rootOf(deps).audit(table);
}

/** The lease store when the table is known without asking AWS for more; progress works without it. */
export async function optionalLeaseStore(
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
  deployment: Deployment,
): Promise<LeaseStore | undefined> {
  const tableName =
    stringFlag(args, 'table') ?? io.env.CUTOVER_TABLE_NAME ?? stackOutput(deployment.outputs, 'TableName');
  return tableName ? leaseStore(deps, { tableName, region: deployment.region }) : undefined;
}
