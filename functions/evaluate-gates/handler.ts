import { createCloudWatchClient } from '../../shared/aws/cloudwatch-client.ts';
import { createEventBridgeClient } from '../../shared/aws/eventbridge-client.ts';
import { lambdaDeps, lambdaEnv } from '../../shared/runtime/lambda-deps.ts';
import { alarmsFor, metricsFor } from '../../shared/runtime/wiring/cloudwatch-ports.ts';
import { budgetedElbv2 } from '../../shared/runtime/wiring/elb-budget.ts';
import { events } from '../../shared/runtime/wiring/events-port.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { perRegion } from '../../shared/runtime/wiring/memo.ts';
import { healthFor, routerFor } from '../../shared/runtime/wiring/router-ports.ts';
import { leases } from '../../shared/runtime/wiring/table-ports.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
const elbv2 = budgetedElbv2(env);
const cloudWatch = perRegion((region) => createCloudWatchClient({ region }));

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaDeps('evaluate-gates', env, {
    routerFor: routerFor(elbv2, env),
    healthFor: healthFor(elbv2),
    metricsFor: metricsFor(cloudWatch),
    alarmsFor: alarmsFor(cloudWatch),
    leases: leases(homeTable(env)),
    events: events(createEventBridgeClient({ region: env.homeRegion }), env.eventBusName),
  }),
);
