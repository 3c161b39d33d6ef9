import { describe, expect, it } from 'vitest';
import type { CampaignExecutionInput } from '#campaign/stages';
import { followCampaign } from '#core/campaign/follow-campaign';
import type { CampaignOpsPorts } from '#core/campaign/ports';
import type { ExecutionControl, ExecutionRecord } from '#ports/execution-control';

const CUTOVER = 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:Cutover';
const MACHINES = {
  cutoverStateMachineArn: CUTOVER,
  campaignStateMachineArn: 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:CutoverCampaign',
};
const CAMPAIGN_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:CutoverCampaign:fleet-1';
const CHILD_ARN = `${CUTOVER.replace(':stateMachine:', ':execution:')}:a-1`;
const input: CampaignExecutionInput = {
  campaign: 'fleet',
  maxConcurrent: 1,
  haltAfter: 1,
  abortAll: false,
  stages: [[{ name: 'a', plan: {}, executionName: 'a-1' }], [{ name: 'b', plan: {}, executionName: 'b-1' }]],
};

/** The campaign's story, one step per poll: a starts, a rolls back, the campaign halts. */
function scriptedPorts(): CampaignOpsPorts & { slept: number } {
  let poll = 0;
  const campaign = (status: ExecutionRecord['status']): ExecutionRecord => ({
    executionArn: CAMPAIGN_ARN,
    name: 'fleet-1',
    status,
    startDate: new Date(0),
    input: JSON.stringify(input),
    ...(status === 'FAILED'
      ? { error: 'CampaignHalted', cause: '1 services did not succeed (haltAfter 1)' }
      : {}),
  });
  const child = (status: ExecutionRecord['status']): ExecutionRecord => ({
    executionArn: CHILD_ARN,
    name: 'a-1',
    status,
    startDate: new Date(0),
    ...(status === 'FAILED' ? { error: 'GateFailed' } : {}),
  });
  const executions = {
    describeIfExists: async (arn: string) => {
      if (arn === CAMPAIGN_ARN) {
        poll += 1;
        return campaign(poll < 4 ? 'RUNNING' : 'FAILED');
      }
      if (arn === CHILD_ARN) return poll < 2 ? undefined : child(poll < 3 ? 'RUNNING' : 'FAILED');
      return undefined;
    },
  } as unknown as ExecutionControl;
  const ports = {
    executions,
    slept: 0,
    clock: {
      now: () => new Date(0),
      sleep: async (ms: number) => {
        ports.slept += ms;
      },
    },
    whoAmI: async () => 'arn:aws:sts::123456789012:assumed-role/Ops/alice',
  };
  return ports;
}

describe('followCampaign', () => {
  it('reports each change until the campaign ends, and ends with why it halted', async () => {
    const ports = scriptedPorts();
    const seen: string[] = [];
    const last = await followCampaign(ports, MACHINES, CAMPAIGN_ARN, {
      pollIntervalMs: 5_000,
      onChange: (view) => seen.push(`${view.outcome}:${view.stages[0]?.services[0]?.state}`),
    });
    expect(seen).toEqual([
      'running:not_started',
      'running:running',
      'running:rolled_back',
      'halted:rolled_back',
    ]);
    expect(last.haltedBecause?.error).toBe('CampaignHalted');
    expect(last.stages[1]?.state).toBe('never_started');
    expect(ports.slept).toBe(3 * 5_000);
  });
});
