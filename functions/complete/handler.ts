import { createEventBridgeClient } from '../../shared/aws/eventbridge-client.ts';
import { lambdaDeps, lambdaEnv } from '../../shared/runtime/lambda-deps.ts';
import { budgetedElbv2 } from '../../shared/runtime/wiring/elb-budget.ts';
import { events } from '../../shared/runtime/wiring/events-port.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { routerFor } from '../../shared/runtime/wiring/router-ports.ts';
import { audit, leases, ledger } from '../../shared/runtime/wiring/table-ports.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
const table = homeTable(env);
const elbv2 = budgetedElbv2(env, table);

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaDeps('complete', env, {
    routerFor: routerFor(elbv2, env),
    leases: leases(table),
    ledger: ledger(table),
    audit: audit(table),
    events: events(createEventBridgeClient({ region: env.homeRegion }), env.eventBusName),
  }),
);
