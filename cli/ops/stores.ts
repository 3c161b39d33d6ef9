import { DynamoDbAuditLog } from '../../shared/aws/dynamodb-audit-log.ts';
import { DynamoDbLeaseStore } from '../../shared/aws/dynamodb-lease-store.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { LeaseStore } from '../../shared/ports/lease-store.ts';
import type { CliIo } from '../io.ts';
import { type ParsedArgs, stringFlag } from './command.ts';
import type { Deployment } from './deployment.ts';
import { stackOutput } from './deployment.ts';
import type { OpsDeps } from './deps.ts';

export function leaseStore(deps: OpsDeps, table: { tableName: string; region: string }): LeaseStore {
  return new DynamoDbLeaseStore({
    client: deps.clientsFor(table.region).documents,
    tableName: table.tableName,
  });
}

export function auditLog(deps: OpsDeps, table: { tableName: string; region: string }): AuditLog {
  return new DynamoDbAuditLog({
    client: deps.clientsFor(table.region).documents,
    tableName: table.tableName,
  });
}

/** The lease store when the table is known without asking AWS for more; progress works without it. */
export function optionalLeaseStore(
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
  deployment: Deployment,
): LeaseStore | undefined {
  const tableName =
    stringFlag(args, 'table') ?? io.env.CUTOVER_TABLE_NAME ?? stackOutput(deployment.outputs, 'TableName');
  return tableName ? leaseStore(deps, { tableName, region: deployment.region }) : undefined;
}
