import type { CampaignMachines } from '#core/campaign/ports';
import { type FlagSpec, type ParsedArgs, stringFlag } from '../command.ts';
import { environmentFailure, usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { regionOfArn, resolveDeployment, stackOutput } from './deployment.ts';
import type { OpsDeps } from './deps.ts';

export const campaignMachineFlag: Readonly<Record<string, FlagSpec>> = {
  'campaign-state-machine-arn': {
    type: 'string',
    placeholder: 'arn',
    description:
      'the campaign state machine (env CUTOVER_CAMPAIGN_STATE_MACHINE_ARN; default: the stack output CampaignStateMachineArn)',
  },
};

/** The deployed campaign and cutover state machines, their region, and the table when it is known. */
export interface CampaignDeployment extends CampaignMachines {
  readonly region: string;
  readonly tableName?: string;
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;

/**
 * Finds both state machines: `--campaign-state-machine-arn` (or CUTOVER_CAMPAIGN_STATE_MACHINE_ARN)
 * with `--state-machine-arn` (or CUTOVER_STATE_MACHINE_ARN) need no stack; otherwise the stack's
 * outputs (StateMachineArn, CampaignStateMachineArn, TableName) fill in what is missing. The table:
 * `--table`, CUTOVER_TABLE_NAME, else the stack output.
 */
export async function resolveCampaignDeployment(
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
): Promise<CampaignDeployment> {
  const campaignArn =
    stringFlag(args, 'campaign-state-machine-arn') ?? io.env.CUTOVER_CAMPAIGN_STATE_MACHINE_ARN;
  if (campaignArn !== undefined && !STATE_MACHINE_ARN.test(campaignArn)) {
    throw usageFailure(
      `--campaign-state-machine-arn: '${campaignArn}' is not a state machine ARN; expected arn:aws:states:<region>:<account>:stateMachine:<name> (stack output CampaignStateMachineArn)`,
    );
  }
  const deployment = await resolveDeployment(args, io, deps, {
    outputs: campaignArn === undefined ? ['CampaignStateMachineArn'] : [],
  });
  const campaignStateMachineArn = campaignArn ?? stackOutput(deployment.outputs, 'CampaignStateMachineArn');
  if (campaignStateMachineArn === undefined) {
    throw environmentFailure(
      'the stack has no output CampaignStateMachineArn; deploy a Cutover version with campaigns, or pass --campaign-state-machine-arn',
    );
  }
  const tableName =
    stringFlag(args, 'table') ?? io.env.CUTOVER_TABLE_NAME ?? stackOutput(deployment.outputs, 'TableName');
  return {
    region: regionOfArn(campaignStateMachineArn) ?? deployment.region,
    campaignStateMachineArn,
    cutoverStateMachineArn: deployment.stateMachineArn,
    ...(tableName ? { tableName } : {}),
  };
}
