import { lambdaEnv, lambdaPorts } from '#runtime/lambda-deps';
import { eventsPort } from '#runtime/ports/events';
import { routerPort } from '#runtime/ports/router';
import { auditPort, leasesPort, ledgerPort } from '#runtime/ports/table';
import { testRoutesPort } from '#runtime/ports/test-route';
import { budgetedElbv2 } from '#runtime/wiring/elb-budget';
import { homeTable } from '#runtime/wiring/home-table';
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
