import { createAutoScalingClient } from '../../shared/aws/auto-scaling-client.ts';
import { createCloudWatchClient } from '../../shared/aws/cloudwatch-client.ts';
import { createEcsClient } from '../../shared/aws/ecs-client.ts';
import { createEksClient } from '../../shared/aws/eks-client.ts';
import { lambdaDeps, lambdaEnv } from '../../shared/runtime/lambda-deps.ts';
import { alarmsFor } from '../../shared/runtime/wiring/cloudwatch-ports.ts';
import { budgetedElbv2 } from '../../shared/runtime/wiring/elb-budget.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { perRegion } from '../../shared/runtime/wiring/memo.ts';
import { platformFor } from '../../shared/runtime/wiring/platform-port.ts';
import { healthFor } from '../../shared/runtime/wiring/router-ports.ts';
import { leases } from '../../shared/runtime/wiring/table-ports.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
const elbv2 = budgetedElbv2(env);
const health = healthFor(elbv2);
const platforms = perRegion((region) => ({
  elbv2: elbv2(region),
  ecs: createEcsClient({ region }),
  eks: createEksClient({ region }),
  autoScaling: createAutoScalingClient({ region }),
}));

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaDeps('preflight', env, {
    healthFor: health,
    platformFor: platformFor(platforms, health),
    alarmsFor: alarmsFor(perRegion((region) => createCloudWatchClient({ region }))),
    leases: leases(homeTable(env)),
  }),
);
