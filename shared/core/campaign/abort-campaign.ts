import type { CampaignExecutionInput } from '#campaign/stages';
import { resolvePlan } from '#plan/resolve';
import type { CampaignAbortRequest } from '#ports/campaign-abort-flags';
import type { ExecutionRecord } from '#ports/execution-control';
import { ErrorName } from '../errors.ts';
import { type AbortBy, abortChildGracefully, type ChildAbort, stopChild } from './abort-child.ts';
import { parseCampaignInput } from './campaign-input.ts';
import type { CampaignServiceView, CampaignView } from './campaign-view.ts';
import {
  type CampaignMachines,
  CampaignOperationRefusedError,
  type CampaignOpsPorts,
  type CampaignTablePorts,
} from './ports.ts';
import { readCampaign } from './read-campaign.ts';

/** How long a StartCutover whose abort check passed before the item was written may take to show up. */
const SETTLE_MS = 2_000;

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
  const children: ChildAbort[] = [];
  // A service whose abort check passed just before the item was written may start a moment later:
  // a second look after the settle time catches it.
  for (const pass of [0, 1]) {
    if (pass > 0) await ports.clock.sleep(SETTLE_MS);
    const now = await readCampaign(ports, machines, execution);
    const handled = new Set(children.map((c) => c.executionArn));
    const running = now.stages
      .flatMap((stage) => stage.services)
      .filter((s) => s.state === 'running' && !handled.has(s.executionArn));
    for (const child of running)
      children.push(await abortChild(ports, table, { input, child, by, force: req.force }));
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

/** One running child: gracefully through its lease, or stopped (--force, or no plan to find its router); audited. */
async function abortChild(
  ports: CampaignOpsPorts,
  table: CampaignTablePorts,
  opts: {
    readonly input: CampaignExecutionInput;
    readonly child: CampaignServiceView;
    readonly by: AbortBy;
    readonly force: boolean;
  },
): Promise<ChildAbort> {
  const { child, by } = opts;
  const plan = planOf(opts.input, child.executionName);
  const routerArn = plan?.routerArn;
  let result: ChildAbort;
  if (opts.force || routerArn === undefined) {
    await stopChild(ports, child, by);
    result = {
      service: child.name,
      executionArn: child.executionArn,
      abort: 'stopped',
      ...(routerArn ? { routerArn } : {}),
    };
  } else {
    result = await abortChildGracefully(ports, table, child, routerArn, by);
  }
  await table.audit.record({
    at: by.at,
    planName: plan?.planName ?? child.name,
    executionArn: child.executionArn,
    routerArn: routerArn ?? '',
    action: 'abort',
    who: by.by,
    reason: `campaign ${opts.input.campaign} abort${opts.force ? ' (forced stop)' : ''}: ${by.reason}`,
  });
  return result;
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
