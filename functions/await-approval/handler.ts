import { createEventBridgeClient } from '../../shared/aws/eventbridge-client.ts';
import { lambdaDeps, lambdaEnv } from '../../shared/runtime/lambda-deps.ts';
import { events } from '../../shared/runtime/wiring/events-port.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { audit, leases } from '../../shared/runtime/wiring/table-ports.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
const table = homeTable(env);

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaDeps('await-approval', env, {
    leases: leases(table),
    audit: audit(table),
    events: events(createEventBridgeClient({ region: env.homeRegion }), env.eventBusName),
  }),
);
