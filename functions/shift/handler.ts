import { lambdaEnv, lambdaPorts } from '#runtime/lambda-deps';
import { metricsPort } from '#runtime/ports/cloudwatch';
import { eventsPort } from '#runtime/ports/events';
import { platformPort } from '#runtime/ports/platform';
import { healthPort, routerPort } from '#runtime/ports/router';
import { auditPort, leasesPort, ledgerPort } from '#runtime/ports/table';
import { budgetedElbv2 } from '#runtime/wiring/elb-budget';
import { homeTable } from '#runtime/wiring/home-table';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
// ELBv2 calls take a token of the deployment's shared ELB API budget first (shared/runtime/wiring/elb-budget.ts).
const clients = { elbv2: budgetedElbv2(env, homeTable(env)) };

// Capacity follows the weight (plans with `capacity`): request rate, destination capacity, scale ahead.
/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaPorts(
    'shift',
    {
      routerFor: routerPort,
      healthFor: healthPort,
      platformFor: platformPort,
      metricsFor: metricsPort,
      leases: leasesPort,
      ledger: ledgerPort,
      audit: auditPort,
      events: eventsPort,
    },
    { env, clients },
  ),
);
