import type { ExecutionRecord } from '#ports/execution-control';
import { parseCampaignInput } from './campaign-input.ts';
import { type CampaignView, campaignView } from './campaign-view.ts';
import {
  type CampaignMachines,
  CampaignOperationRefusedError,
  type CampaignOpsPorts,
  executionArnOf,
} from './ports.ts';

const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[A-Za-z0-9_-]+:[^\s:]+$/;
const CAMPAIGN_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * The campaign execution an operator means: an execution ARN as given; a campaign name means its
 * running execution (by the name `campaign start` gives it), else its most recent one.
 */
export async function locateCampaign(
  ports: CampaignOpsPorts,
  machines: CampaignMachines,
  ref: string,
  isExecutionNameOf: (executionName: string, campaign: string) => boolean,
): Promise<ExecutionRecord> {
  if (ref.startsWith('arn:')) {
    if (!EXECUTION_ARN.test(ref)) {
      throw new CampaignOperationRefusedError(
        `'${ref}' is not an execution ARN; expected arn:aws:states:<region>:<account>:execution:<state machine>:<name>, or a campaign name`,
      );
    }
    const found = await ports.executions.describeIfExists(ref);
    if (!found)
      throw new CampaignOperationRefusedError(
        `execution ${ref}: does not exist; check the ARN and the region`,
      );
    return found;
  }
  if (!CAMPAIGN_NAME.test(ref)) {
    throw new CampaignOperationRefusedError(`'${ref}' is neither an execution ARN nor a campaign name`);
  }
  const machine = machines.campaignStateMachineArn;
  const running = await ports.executions.list({ stateMachineArn: machine, status: 'RUNNING', limit: 1000 });
  const recent = running.find((e) => isExecutionNameOf(e.name, ref))
    ? running
    : await ports.executions.list({ stateMachineArn: machine, limit: 200 });
  const match = recent.find((e) => isExecutionNameOf(e.name, ref));
  const found = match ? await ports.executions.describeIfExists(match.executionArn) : undefined;
  if (!found) {
    throw new CampaignOperationRefusedError(
      `campaign ${ref}: no running or recent execution of ${machine}; pass the campaign execution ARN (cutover campaign start prints it)`,
    );
  }
  return found;
}

/**
 * Every service of the campaign with its child cutover's state: the children are named in the
 * campaign's input, so each is one DescribeExecution (not found: not started yet, or never).
 */
export async function readCampaign(
  ports: CampaignOpsPorts,
  machines: CampaignMachines,
  execution: ExecutionRecord,
): Promise<CampaignView> {
  const input = parseCampaignInput(execution.executionArn, execution.input);
  const names = input.stages.flat().map((service) => service.executionName);
  const children = new Map<string, ExecutionRecord>();
  for (const name of names) {
    const child = await ports.executions.describeIfExists(
      executionArnOf(machines.cutoverStateMachineArn, name),
    );
    if (child) children.set(name, child);
  }
  const abortRequested = await ports.table?.abortFlags.read(execution.name);
  return campaignView({
    execution,
    input,
    children,
    cutoverStateMachineArn: machines.cutoverStateMachineArn,
    ...(abortRequested ? { abortRequested } : {}),
  });
}

/** Reads the campaign again: its execution first, then the children. */
export async function refreshCampaign(
  ports: CampaignOpsPorts,
  machines: CampaignMachines,
  executionArn: string,
): Promise<CampaignView> {
  const execution = await ports.executions.describeIfExists(executionArn);
  if (!execution)
    throw new CampaignOperationRefusedError(`execution ${executionArn}: does not exist any more`);
  return readCampaign(ports, machines, execution);
}
