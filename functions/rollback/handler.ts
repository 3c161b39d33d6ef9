import { lambdaPorts } from '../../shared/runtime/lambda-deps.ts';
import { eventsPort } from '../../shared/runtime/ports/events.ts';
import { healthPort, routerPort } from '../../shared/runtime/ports/router.ts';
import { auditPort, leasesPort, ledgerPort } from '../../shared/runtime/ports/table.ts';
import { createHandler } from './create-handler.ts';

/** Lambda entry: only the clients and adapters this use-case calls (restore and ReportRollbackFailure). */
export const handler = createHandler(
  lambdaPorts('rollback', {
    routerFor: routerPort,
    healthFor: healthPort,
    leases: leasesPort,
    ledger: ledgerPort,
    audit: auditPort,
    events: eventsPort,
  }),
);
