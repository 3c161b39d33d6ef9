import { lambdaPorts } from '../../shared/runtime/lambda-deps.ts';
import { routerPort } from '../../shared/runtime/ports/router.ts';
import { leasesPort, ledgerPort } from '../../shared/runtime/ports/table.ts';
import { createHandler } from './create-handler.ts';

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaPorts('snapshot', {
    routerFor: routerPort,
    leases: leasesPort,
    ledger: ledgerPort,
  }),
);
