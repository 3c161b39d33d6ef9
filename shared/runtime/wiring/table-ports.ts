import type { AwsClients } from '#aws/clients';
import { DynamoDbAuditLog } from '#aws/dynamodb-audit-log';
import { DynamoDbExecutionLedger } from '#aws/dynamodb-execution-ledger';
import { DynamoDbLeaseStore } from '#aws/dynamodb-lease-store';
import type { CutoverPorts } from '#core/use-cases/ports';

// The SDK client type, named through the client set so this module imports no SDK package.
type DynamoDBDocumentClient = AwsClients['documents'];

/** The Cutover table in the home region; one table holds leases, the ledger and the audit log. */
export interface TableRef {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
}

export function leases(table: TableRef): CutoverPorts['leases'] {
  return new DynamoDbLeaseStore({ client: table.documents, tableName: table.tableName });
}

export function ledger(table: TableRef): CutoverPorts['ledger'] {
  return new DynamoDbExecutionLedger({ client: table.documents, tableName: table.tableName });
}

export function audit(table: TableRef): CutoverPorts['audit'] {
  return new DynamoDbAuditLog({ client: table.documents, tableName: table.tableName });
}
