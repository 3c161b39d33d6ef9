import type { PortBuilders } from '../wiring/wiring-context.ts';
import { alarmsPort, metricsPort } from './cloudwatch.ts';
import { auditPort, eventsPort, executionsPort, leasesPort, ledgerPort } from './home.ts';
import { platformPort } from './platform.ts';
import { healthPort, routerPort } from './router.ts';

/** Every port, for runtimes that run every function in one process (local executor, rehearsal, tests). */
export const ALL_PORTS = {
  routerFor: routerPort,
  healthFor: healthPort,
  platformFor: platformPort,
  metricsFor: metricsPort,
  alarmsFor: alarmsPort,
  executions: executionsPort,
  leases: leasesPort,
  ledger: ledgerPort,
  audit: auditPort,
  events: eventsPort,
} as const satisfies PortBuilders;
