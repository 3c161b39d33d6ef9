import { lambdaEnv, lambdaPorts } from '../../shared/runtime/lambda-deps.ts';
import { eventsPort } from '../../shared/runtime/ports/events.ts';
import { routerPort } from '../../shared/runtime/ports/router.ts';
import { auditPort, leasesPort, ledgerPort } from '../../shared/runtime/ports/table.ts';
import { testRoutesPort } from '../../shared/runtime/ports/test-route.ts';
import { budgetedElbv2 } from '../../shared/runtime/wiring/elb-budget.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
// ELBv2 calls take a token of the deployment's shared ELB API budget first (shared/runtime/wiring/elb-budget.ts).
const clients = { elbv2: budgetedElbv2(env, homeTable(env)) };

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaPorts(
    'complete',
    {
      routerFor: routerPort,
      testRoutesFor: testRoutesPort,
      leases: leasesPort,
      ledger: ledgerPort,
      audit: auditPort,
      events: eventsPort,
    },
    { env, clients },
  ),
);
