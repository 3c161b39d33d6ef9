import { lambdaPorts } from '../../shared/runtime/lambda-deps.ts';
import { eventsPort } from '../../shared/runtime/ports/events.ts';
import { executionsPort } from '../../shared/runtime/ports/executions.ts';
import { routerPort } from '../../shared/runtime/ports/router.ts';
import { auditPort, leasesPort, ledgerPort } from '../../shared/runtime/ports/table.ts';
import { testRoutesPort } from '../../shared/runtime/ports/test-route.ts';
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
