import { lambdaEnv, lambdaPorts } from '../../shared/runtime/lambda-deps.ts';
import { metricsPort } from '../../shared/runtime/ports/cloudwatch.ts';
import { eventsPort } from '../../shared/runtime/ports/events.ts';
import { platformPort } from '../../shared/runtime/ports/platform.ts';
import { healthPort, routerPort } from '../../shared/runtime/ports/router.ts';
import { auditPort, leasesPort, ledgerPort } from '../../shared/runtime/ports/table.ts';
import { budgetedElbv2 } from '../../shared/runtime/wiring/elb-budget.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
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
