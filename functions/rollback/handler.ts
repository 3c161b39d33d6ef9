import { lambdaPorts } from '#runtime/lambda-deps';
import { eventsPort } from '#runtime/ports/events';
import { healthPort, routerPort } from '#runtime/ports/router';
import { auditPort, leasesPort, ledgerPort } from '#runtime/ports/table';
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
