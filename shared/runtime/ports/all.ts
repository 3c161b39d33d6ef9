import type { PortBuilders } from '../wiring/wiring-context.ts';
import { alarmsPort, metricsPort } from './cloudwatch.ts';
import { eventsPort } from './events.ts';
import { executionsPort } from './executions.ts';
import { platformPort } from './platform.ts';
import { healthPort, routerPort } from './router.ts';
import { auditPort, leasesPort, ledgerPort } from './table.ts';
import { probePort, testRoutesPort } from './test-route.ts';

/** Every port, for runtimes that run every function in one process (local executor, rehearsal, tests). */
export const ALL_PORTS = {
  routerFor: routerPort,
  healthFor: healthPort,
  platformFor: platformPort,
  metricsFor: metricsPort,
  alarmsFor: alarmsPort,
  testRoutesFor: testRoutesPort,
  probeFor: probePort,
  executions: executionsPort,
  leases: leasesPort,
  ledger: ledgerPort,
  audit: auditPort,
  events: eventsPort,
} as const satisfies PortBuilders;
