import { lambdaPorts } from '#runtime/lambda-deps';
import { eventsPort } from '#runtime/ports/events';
import { executionsPort } from '#runtime/ports/executions';
import { routerPort } from '#runtime/ports/router';
import { auditPort, leasesPort, ledgerPort } from '#runtime/ports/table';
import { testRoutesPort } from '#runtime/ports/test-route';
import { createHandler } from './create-handler.ts';

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaPorts('safety-net', {
    routerFor: routerPort,
    testRoutesFor: testRoutesPort,
    executions: executionsPort,
    leases: leasesPort,
    ledger: ledgerPort,
    audit: auditPort,
    events: eventsPort,
  }),
);
