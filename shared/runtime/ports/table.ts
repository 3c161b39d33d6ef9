import { createDynamoDbClient, documentClientOver } from '#aws/dynamodb-client';
import { audit, leases, ledger, type TableRef } from '../wiring/table-ports.ts';
import type { PortBuilder, WiringContext } from '../wiring/wiring-context.ts';

/** The Cutover table of the home region: one table holds leases, the ledger and the audit log. */
function table(context: WiringContext): TableRef {
  const documents = context.client('documents', context.homeRegion, (options) =>
    documentClientOver(createDynamoDbClient(options)),
  );
  return { documents, tableName: context.tableName };
}

export const leasesPort: PortBuilder<'leases'> = (context) => leases(table(context));
export const ledgerPort: PortBuilder<'ledger'> = (context) => ledger(table(context));
export const auditPort: PortBuilder<'audit'> = (context) => audit(table(context));
