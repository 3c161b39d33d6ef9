import { lambdaPorts } from '#runtime/lambda-deps';
import { eventsPort } from '#runtime/ports/events';
import { auditPort, leasesPort, ledgerPort } from '#runtime/ports/table';
import { createHandler } from './create-handler.ts';

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaPorts('acquire-lease', {
    leases: leasesPort,
    ledger: ledgerPort,
    audit: auditPort,
    events: eventsPort,
  }),
);
