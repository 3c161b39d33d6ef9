import { readCallerIdentity } from '#aws/caller-identity';
import type { AwsClients } from '#aws/clients';
import { SchedulerControl } from '#aws/scheduler-control';
import { StepFunctionsControl } from '#aws/sfn-control';
import { readStackOutputs } from '#aws/stack-outputs';
import type { CutoverPorts } from '#core/use-cases/ports';
import type { AuditLog } from '#ports/audit-log';
import type { IdentitySource } from '#ports/caller-identity';
import type { Clock } from '#ports/clock';
import type { ExecutionControl } from '#ports/execution-control';
import type { LeaseStore } from '#ports/lease-store';
import type { ScheduleControl } from '#ports/schedule-control';
import { alarmsPort } from './ports/cloudwatch.ts';
import { platformPort } from './ports/platform.ts';
import { healthPort, routerPort } from './ports/router.ts';
import { clientSetContext, type WiringContext } from './wiring/wiring-context.ts';

/** The Cutover table an operator command names: `--table` / the stack's output, in its region. */
export interface TableLocation {
  readonly tableName: string;
  readonly region: string;
}

/**
 * The operator's composition root (the CLI): the same per-port builders the Lambdas and the local
 * executor use, over the CLI's clients, plus what only operators call (the state machine, the
 * scheduler, the caller's identity, stack outputs). No command builds an adapter itself.
 */
export interface OperatorRoot {
  readonly routerFor: CutoverPorts['routerFor'];
  readonly healthFor: CutoverPorts['healthFor'];
  readonly platformFor: CutoverPorts['platformFor'];
  readonly alarmsFor: CutoverPorts['alarmsFor'];
  leases(table: TableLocation): Promise<LeaseStore>;
  audit(table: TableLocation): Promise<AuditLog>;
  executions(region: string): ExecutionControl;
  schedules(region: string): ScheduleControl;
  identity(region: string): IdentitySource;
  stackOutputs(region: string, stackName: string): Promise<Readonly<Record<string, string>>>;
}

export function operatorRoot(clientsFor: (region: string) => AwsClients, clock: Clock): OperatorRoot {
  const routerSide = wiringFor(clientsFor, clock, { tableName: '', region: '' });
  return {
    routerFor: routerPort(routerSide),
    healthFor: healthPort(routerSide),
    platformFor: platformPort(routerSide),
    alarmsFor: alarmsPort(routerSide),
    // The DynamoDB adapters load on first use: most commands never touch the table.
    leases: async (table) =>
      (await import('./ports/table.ts')).leasesPort(wiringFor(clientsFor, clock, table)),
    audit: async (table) => (await import('./ports/table.ts')).auditPort(wiringFor(clientsFor, clock, table)),
    executions: (region) => new StepFunctionsControl({ client: clientsFor(region).sfn }),
    schedules: (region) => new SchedulerControl({ client: clientsFor(region).scheduler }),
    identity: (region) => ({ whoAmI: () => readCallerIdentity(clientsFor(region).sts) }),
    stackOutputs: (region, stackName) => readStackOutputs(clientsFor(region).cloudFormation, stackName),
  };
}

function wiringFor(
  clientsFor: (region: string) => AwsClients,
  clock: Clock,
  table: TableLocation,
): WiringContext {
  return clientSetContext(clientsFor, {
    homeRegion: table.region,
    tableName: table.tableName,
    eventBusName: 'default',
    clock,
  });
}
