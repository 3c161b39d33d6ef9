import { createElbv2Client } from '../../shared/aws/elbv2-client.ts';
import { createEventBridgeClient } from '../../shared/aws/eventbridge-client.ts';
import { createSfnClient } from '../../shared/aws/sfn-client.ts';
import { lambdaDeps, lambdaEnv } from '../../shared/runtime/lambda-deps.ts';
import { events } from '../../shared/runtime/wiring/events-port.ts';
import { executions } from '../../shared/runtime/wiring/executions-port.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { perRegion } from '../../shared/runtime/wiring/memo.ts';
import { routerFor } from '../../shared/runtime/wiring/router-ports.ts';
import { audit, leases, ledger } from '../../shared/runtime/wiring/table-ports.ts';
import { testRoutesFor } from '../../shared/runtime/wiring/test-route-ports.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
const table = homeTable(env);
const elbv2 = perRegion((region) => createElbv2Client({ region }));

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaDeps('safety-net', env, {
    routerFor: routerFor(elbv2, env),
    testRoutesFor: testRoutesFor(elbv2, env.clock),
    executions: executions(createSfnClient({ region: env.homeRegion })),
    leases: leases(table),
    ledger: ledger(table),
    audit: audit(table),
    events: events(createEventBridgeClient({ region: env.homeRegion }), env.eventBusName),
  }),
);
