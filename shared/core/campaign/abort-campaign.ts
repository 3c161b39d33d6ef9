import type { CampaignExecutionInput } from '../../campaign/stages.ts';
import { resolvePlan } from '../../plan/resolve.ts';
import type { CampaignAbortRequest } from '../../ports/campaign-abort-flags.ts';
import type { ExecutionRecord } from '../../ports/execution-control.ts';
import { ErrorName } from '../errors.ts';
import { abortChildGracefully, type ChildAbort, stopChild } from './abort-child.ts';
import { parseCampaignInput } from './campaign-input.ts';
import type { CampaignView } from './campaign-view.ts';
import { type CampaignMachines, CampaignOperationRefusedError, type CampaignOpsPorts } from './ports.ts';
import { readCampaign } from './read-campaign.ts';

export interface AbortCampaignResult {
  readonly abort: 'requested' | 'stopped';
  readonly campaign: string;
  readonly executionArn: string;
  /** The abort item as stored: a second abort keeps the first one's who and why. */
  readonly request: CampaignAbortRequest;
  readonly children: readonly ChildAbort[];
  /** The campaign after the abort was asked. */
  readonly view: CampaignView;
}

/**
 * Aborts a running campaign. First the campaign abort item: the campaign starts no further service
 * and no later stage. Then each running child cutover: gracefully through its lease flag (it rolls
 * back to its snapshot through its own rollback), or with `force` by StopExecution of every child
 * and of the campaign (the safety net restores each router). Every child abort is audited.
 */
export async function abortCampaign(
  ports: CampaignOpsPorts,
  machines: CampaignMachines,
  req: { readonly execution: ExecutionRecord; readonly reason: string; readonly force: boolean },
): Promise<AbortCampaignResult> {
  const { execution } = req;
  if (execution.status !== 'RUNNING') {
    throw new CampaignOperationRefusedError(
      `campaign execution ${execution.executionArn}: already ended ${execution.status}${execution.error ? ` (${execution.error})` : ''}; nothing to abort — see cutover campaign status ${execution.executionArn}`,
    );
  }
  const table = ports.table;
  if (!table) {
    throw new CampaignOperationRefusedError(
      'no Cutover table: the abort item and the child leases live there; pass --table <name> (or set CUTOVER_TABLE_NAME) or --stack <name>',
    );
  }
  const input = parseCampaignInput(execution.executionArn, execution.input);
  const by = { by: await ports.whoAmI(), reason: req.reason, at: ports.clock.now().toISOString() };
  const request = await table.abortFlags.raise(execution.name, by);
  const before = await readCampaign(ports, machines, execution);
  const running = before.stages.flatMap((stage) => stage.services).filter((s) => s.state === 'running');
  const children: ChildAbort[] = [];
  for (const child of running) {
    const plan = planOf(input, child.executionName);
    const routerArn = plan?.routerArn;
    if (req.force || routerArn === undefined) {
      await stopChild(ports, child, by);
      children.push({
        service: child.name,
        executionArn: child.executionArn,
        abort: 'stopped',
        ...(routerArn ? { routerArn } : {}),
      });
    } else {
      children.push(await abortChildGracefully(ports, table, child, routerArn, by));
    }
    await table.audit.record({
      at: by.at,
      planName: plan?.planName ?? child.name,
      executionArn: child.executionArn,
      routerArn: routerArn ?? '',
      action: 'abort',
      who: by.by,
      reason: `campaign ${input.campaign} abort${req.force ? ' (forced stop)' : ''}: ${req.reason}`,
    });
  }
  if (req.force) {
    await ports.executions.stop({
      executionArn: execution.executionArn,
      error: ErrorName.CampaignAborted,
      cause: `aborted by ${by.by} (forced): ${req.reason}`,
    });
  }
  const view = await readCampaign(
    ports,
    machines,
    (await ports.executions.describeIfExists(execution.executionArn)) ?? execution,
  );
  return {
    abort: req.force ? 'stopped' : 'requested',
    campaign: input.campaign,
    executionArn: execution.executionArn,
    request,
    children,
    view,
  };
}

/** A child's plan name and the router it moves, from the plan in the campaign input. */
function planOf(
  input: CampaignExecutionInput,
  executionName: string,
): { readonly planName: string; readonly routerArn: string } | undefined {
  const service = input.stages.flat().find((s) => s.executionName === executionName);
  const resolved = service ? resolvePlan(service.plan) : undefined;
  return resolved?.ok ? { planName: resolved.plan.name, routerArn: resolved.plan.router.arn } : undefined;
}
