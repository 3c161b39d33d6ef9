import { describe, expect, it } from 'vitest';
import type { CampaignExecutionInput } from '#campaign/stages';
import { campaignView } from '#core/campaign/campaign-view';
import type { ExecutionRecord } from '#ports/execution-control';

const CUTOVER = 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:Cutover';
const CAMPAIGN =
  'arn:aws:states:ap-northeast-1:123456789012:execution:CutoverCampaign:fleet-0123456789abcdef';
const input: CampaignExecutionInput = {
  campaign: 'fleet',
  maxConcurrent: 2,
  haltAfter: 2,
  abortAll: true,
  stages: [
    [
      { name: 'a', plan: {}, executionName: 'a-1' },
      { name: 'b', plan: {}, executionName: 'b-1' },
      { name: 'c', plan: {}, executionName: 'c-1' },
    ],
    [{ name: 'd', plan: {}, executionName: 'd-1' }],
  ],
};
const record = (name: string, status: ExecutionRecord['status'], extra: Partial<ExecutionRecord> = {}) => ({
  executionArn: `${CUTOVER.replace(':stateMachine:', ':execution:')}:${name}`,
  name,
  status,
  startDate: new Date('2026-06-01T01:00:00Z'),
  ...extra,
});

describe('campaignView', () => {
  it('shows each child by state, the running stage and the one waiting', () => {
    const view = campaignView({
      execution: { ...record('fleet-0123456789abcdef', 'RUNNING'), executionArn: CAMPAIGN },
      input,
      cutoverStateMachineArn: CUTOVER,
      children: new Map([
        ['a-1', record('a-1', 'SUCCEEDED')],
        ['b-1', record('b-1', 'FAILED', { error: 'GateFailed', cause: 'errorRate 7% > 1%' })],
      ]),
    });
    expect(view.outcome).toBe('running');
    expect(view.stages.map((s) => s.state)).toEqual(['running', 'waiting']);
    expect(view.stages[0]?.services.map((s) => s.state)).toEqual(['succeeded', 'rolled_back', 'not_started']);
    expect(view.counts).toMatchObject({ succeeded: 1, rolled_back: 1, not_started: 2, running: 0 });
    expect(view.stages[1]?.services[0]?.executionArn).toBe(
      `${CUTOVER.replace(':stateMachine:', ':execution:')}:d-1`,
    );
  });

  it.each([
    ['CampaignHalted', 'halted'],
    ['CampaignAborted', 'aborted'],
    ['CampaignIncomplete', 'incomplete'],
    ['States.Runtime', 'failed'],
  ])(
    'a campaign that failed with %s is %s, and says why; stages never reached are never_started',
    (error, outcome) => {
      const view = campaignView({
        execution: { ...record('fleet', 'FAILED', { error, cause: 'why' }), executionArn: CAMPAIGN },
        input,
        cutoverStateMachineArn: CUTOVER,
        children: new Map([
          ['a-1', record('a-1', 'FAILED', { error: 'RollbackFailed' })],
          ['b-1', record('b-1', 'ABORTED')],
          ['c-1', record('c-1', 'FAILED', { error: 'ApprovalRejected' })],
        ]),
      });
      expect(view.outcome).toBe(outcome);
      expect(view.haltedBecause).toEqual({ error, cause: 'why' });
      expect(view.stages[0]?.services.map((s) => s.state)).toEqual(['failed', 'aborted', 'rejected']);
      expect(view.stages.map((s) => s.state)).toEqual(['done', 'never_started']);
    },
  );
});
