import { lambdaEnv, lambdaPorts } from '#runtime/lambda-deps';
import { alarmsPort, metricsPort } from '#runtime/ports/cloudwatch';
import { eventsPort } from '#runtime/ports/events';
import { healthPort, routerPort } from '#runtime/ports/router';
import { leasesPort } from '#runtime/ports/table';
import { probePort } from '#runtime/ports/test-route';
import { budgetedElbv2 } from '#runtime/wiring/elb-budget';
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
