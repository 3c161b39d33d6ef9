import { createDynamoDbClient, documentClientOver } from '../../aws/dynamodb-client.ts';
import { createEventBridgeClient } from '../../aws/eventbridge-client.ts';
import { createSfnClient } from '../../aws/sfn-client.ts';
import { events } from '../wiring/events-port.ts';
import { executions } from '../wiring/executions-port.ts';
import { audit, leases, ledger, type TableRef } from '../wiring/table-ports.ts';
import type { PortBuilder, WiringContext } from '../wiring/wiring-context.ts';

/** The Cutover table of the home region. */
function table(context: WiringContext): TableRef {
  const documents = context.client('documents', context.homeRegion, (options) =>
    documentClientOver(createDynamoDbClient(options)),
  );
  return { documents, tableName: context.tableName };
}

export const leasesPort: PortBuilder<'leases'> = (context) => leases(table(context));
export const ledgerPort: PortBuilder<'ledger'> = (context) => ledger(table(context));
export const auditPort: PortBuilder<'audit'> = (context) => audit(table(context));

/** `events`: Cutover events on the home region's bus. */
export const eventsPort: PortBuilder<'events'> = (context) =>
  events(context.client('eventBridge', context.homeRegion, createEventBridgeClient), context.eventBusName);

/** `executions`: whether an execution still runs (safety net). */
export const executionsPort: PortBuilder<'executions'> = (context) =>
  executions(context.client('sfn', context.homeRegion, createSfnClient));
