import { lambdaPorts } from '../../shared/runtime/lambda-deps.ts';
import { metricsPort } from '../../shared/runtime/ports/cloudwatch.ts';
import { eventsPort } from '../../shared/runtime/ports/events.ts';
import { platformPort } from '../../shared/runtime/ports/platform.ts';
import { healthPort, routerPort } from '../../shared/runtime/ports/router.ts';
import { auditPort, leasesPort, ledgerPort } from '../../shared/runtime/ports/table.ts';
import { createHandler } from './create-handler.ts';

// Capacity follows the weight (plans with `capacity`): request rate, destination capacity, scale ahead.
/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaPorts('shift', {
    routerFor: routerPort,
    healthFor: healthPort,
    platformFor: platformPort,
    metricsFor: metricsPort,
    leases: leasesPort,
    ledger: ledgerPort,
    audit: auditPort,
    events: eventsPort,
  }),
);
