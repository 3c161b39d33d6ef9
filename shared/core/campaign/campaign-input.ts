import type { CampaignExecutionInput } from '#campaign/stages';
import { CampaignOperationRefusedError } from './ports.ts';

/**
 * The campaign state machine's input read back from an execution (DescribeExecution): the stages,
 * each service's plan and its child execution name. Refuses anything that is not a campaign input.
 */
export function parseCampaignInput(executionArn: string, input: string | undefined): CampaignExecutionInput {
  const refuse = (why: string) =>
    new CampaignOperationRefusedError(
      `execution ${executionArn}: ${why}; expected an execution of the campaign state machine (stack output CampaignStateMachineArn) started by cutover campaign start`,
    );
  if (input === undefined) throw refuse('its input cannot be read (states:DescribeExecution returned none)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch {
    throw refuse('its input is not JSON');
  }
  const candidate = parsed as Partial<CampaignExecutionInput>;
  const stagesOk =
    Array.isArray(candidate.stages) &&
    candidate.stages.every(
      (stage) =>
        Array.isArray(stage) &&
        stage.every((s) => typeof s?.name === 'string' && typeof s?.executionName === 'string'),
    );
  if (typeof candidate.campaign !== 'string' || !stagesOk) {
    throw refuse('its input has no campaign name and stages');
  }
  return candidate as CampaignExecutionInput;
}
