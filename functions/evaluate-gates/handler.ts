import { lambdaEnv, lambdaPorts } from '../../shared/runtime/lambda-deps.ts';
import { alarmsPort, metricsPort } from '../../shared/runtime/ports/cloudwatch.ts';
import { eventsPort } from '../../shared/runtime/ports/events.ts';
import { healthPort, routerPort } from '../../shared/runtime/ports/router.ts';
import { leasesPort } from '../../shared/runtime/ports/table.ts';
import { probePort } from '../../shared/runtime/ports/test-route.ts';
import { budgetedElbv2 } from '../../shared/runtime/wiring/elb-budget.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
// ELBv2 calls take a token of the deployment's shared ELB API budget first (shared/runtime/wiring/elb-budget.ts).
const clients = { elbv2: budgetedElbv2(env) };

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaPorts(
    'evaluate-gates',
    {
      routerFor: routerPort,
      healthFor: healthPort,
      metricsFor: metricsPort,
      alarmsFor: alarmsPort,
      probeFor: probePort,
      leases: leasesPort,
      events: eventsPort,
    },
    { env, clients },
  ),
);
