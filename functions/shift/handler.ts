import { createAutoScalingClient } from '../../shared/aws/auto-scaling-client.ts';
import { createCloudWatchClient } from '../../shared/aws/cloudwatch-client.ts';
import { createEcsClient } from '../../shared/aws/ecs-client.ts';
import { createEksClient } from '../../shared/aws/eks-client.ts';
import { createEventBridgeClient } from '../../shared/aws/eventbridge-client.ts';
import { lambdaDeps, lambdaEnv } from '../../shared/runtime/lambda-deps.ts';
import { metricsFor } from '../../shared/runtime/wiring/cloudwatch-ports.ts';
import { budgetedElbv2 } from '../../shared/runtime/wiring/elb-budget.ts';
import { events } from '../../shared/runtime/wiring/events-port.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { perRegion } from '../../shared/runtime/wiring/memo.ts';
import { platformFor } from '../../shared/runtime/wiring/platform-port.ts';
import { healthFor, routerFor } from '../../shared/runtime/wiring/router-ports.ts';
import { audit, leases, ledger } from '../../shared/runtime/wiring/table-ports.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
const table = homeTable(env);
const elbv2 = budgetedElbv2(env, table);
const health = healthFor(elbv2);
// Capacity follows the weight (plans with `capacity`): request rate, destination capacity, scale ahead.
const platforms = perRegion((region) => ({
  elbv2: elbv2(region),
  ecs: createEcsClient({ region }),
  eks: createEksClient({ region }),
  autoScaling: createAutoScalingClient({ region }),
}));

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaDeps('shift', env, {
    routerFor: routerFor(elbv2, env),
    healthFor: health,
    platformFor: platformFor(platforms, health),
    metricsFor: metricsFor(perRegion((region) => createCloudWatchClient({ region }))),
    leases: leases(table),
    ledger: ledger(table),
    audit: audit(table),
    events: events(createEventBridgeClient({ region: env.homeRegion }), env.eventBusName),
  }),
);
