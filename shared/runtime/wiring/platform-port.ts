import type { AwsClients } from '../../aws/clients.ts';
import { createTargetPlatform } from '../../aws/target-platforms.ts';
import type { CutoverPorts } from '../../core/use-cases/ports.ts';
import type { RegionalClient } from './memo.ts';

/** The clients platform readiness reads (one of them per target, by platform). */
export type PlatformClients = Pick<AwsClients, 'ecs' | 'eks' | 'autoScaling'>;

/** `platformFor`: ECS, EKS or EC2 readiness of a plan target, in the router's region. */
export function platformFor(
  clientsFor: RegionalClient<PlatformClients>,
  healthFor: CutoverPorts['healthFor'],
): CutoverPorts['platformFor'] {
  return (router, target) => createTargetPlatform(target, clientsFor(router.region), healthFor(router));
}
