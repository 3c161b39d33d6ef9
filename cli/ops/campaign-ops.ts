import { CampaignOperationRefusedError, type CampaignOpsPorts } from '#core/campaign/ports';
import { campaignOpsPorts } from '#runtime/wiring/campaign-ports';
import type { ParsedArgs } from '../command.ts';
import { toCliFailure, usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { type CampaignDeployment, resolveCampaignDeployment } from './campaign-deployment.ts';
import type { OpsDeps } from './deps.ts';

/** The deployment a campaign command talks to and the ports over it (from the composition root). */
export async function campaignContext(
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
): Promise<{ readonly deployment: CampaignDeployment; readonly ports: CampaignOpsPorts }> {
  const deployment = await resolveCampaignDeployment(args, io, deps);
  const ports = await campaignOpsPorts({
    clients: deps.clientsFor(deployment.region),
    clock: deps.clock,
    ...(deployment.tableName ? { tableName: deployment.tableName } : {}),
  });
  return { deployment, ports };
}

/**
 * Runs one campaign operation: what the operator asked that cannot be done is exit 2 (nothing
 * written), AWS trouble exit 3 with what to check; `doing` names the operation in their words.
 */
export async function campaignCall<T>(doing: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof CampaignOperationRefusedError) throw usageFailure(error.message);
    throw toCliFailure(error, doing);
  }
}
