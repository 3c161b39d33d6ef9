import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ErrorName } from '#core/errors';
import { CAMPAIGN_ASL_PATH, runCampaignExecution } from '#local/campaign/campaign-executor';

type AslValidator = (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText(separator?: string): string };
const required = createRequire(import.meta.url)('asl-validator') as AslValidator | { default: AslValidator };
const aslValidator: AslValidator = typeof required === 'function' ? required : required.default;

interface AslState {
  readonly Type: string;
  readonly Error?: string;
  readonly Catch?: readonly { readonly ErrorEquals: readonly string[] }[];
  readonly ItemProcessor?: { readonly States: Record<string, AslState> };
  readonly TimeoutSeconds?: number;
}
const text = readFileSync(CAMPAIGN_ASL_PATH, 'utf8');
const asl = JSON.parse(text) as { States: Record<string, AslState>; TimeoutSeconds?: number };
const allStates = (states: Record<string, AslState>): AslState[] =>
  Object.values(states).flatMap((state) => [
    state,
    ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : []),
  ]);

const stage = (names: string[]) => names.map((name) => ({ name, plan: {}, executionName: name }));
const input = (stages: string[][], policy: { haltAfter: number; abortAll?: boolean }) => ({
  campaign: 'fleet',
  maxConcurrent: 2,
  abortAll: policy.abortAll ?? true,
  haltAfter: policy.haltAfter,
  stages: stages.map(stage),
});

describe('state-machines/campaign.asl.json', () => {
  it('is valid ASL once the cutover state machine ARN is substituted', () => {
    const definition = JSON.parse(
      text
        .replaceAll(
          `\${CutoverStateMachineArn}`,
          'arn:aws:states:us-east-1:123456789012:stateMachine:cutover',
        )
        .replaceAll(`\${TableName}`, 'Cutover-Table'),
    );
    const result = aslValidator(definition, { checkArn: true, checkPaths: false });
    expect(result.isValid, result.errorsText('\n')).toBe(true);
  });

  it('fails only with error names from shared/core/errors.ts, and has a timeout at the top', () => {
    const failErrors = allStates(asl.States).flatMap((state) => (state.Type === 'Fail' ? [state.Error] : []));
    expect(new Set(failErrors)).toEqual(
      new Set([ErrorName.CampaignHalted, ErrorName.CampaignIncomplete, ErrorName.CampaignAborted]),
    );
    expect(asl.TimeoutSeconds).toBeGreaterThan(0);
  });

  it.each([
    {
      case: 'every child succeeds',
      fail: [],
      policy: { haltAfter: 1 },
      started: ['a', 'b', 'c'],
      error: undefined,
    },
    {
      case: 'haltAfter reached: the next stage never starts',
      fail: ['a'],
      policy: { haltAfter: 1 },
      started: ['a', 'b'],
      error: 'CampaignHalted',
    },
    {
      case: 'below haltAfter: every stage runs, then reports',
      fail: ['a'],
      policy: { haltAfter: 2 },
      started: ['a', 'b', 'c'],
      error: 'CampaignIncomplete',
    },
  ])('on the local executor: $case', async ({ fail, policy, started, error }) => {
    const seen: string[] = [];
    const result = await runCampaignExecution({
      input: input([['a', 'b'], ['c']], policy),
      executionName: 'fleet-test',
      runChild: async ({ executionName }) => {
        seen.push(executionName);
        return (fail as readonly string[]).includes(executionName)
          ? { status: 'FAILED', executionArn: executionName, error: 'GateFailed', cause: 'errorRate 7% > 1%' }
          : { status: 'SUCCEEDED', executionArn: executionName };
      },
    });
    expect(seen.sort()).toEqual(started);
    expect(result.error).toBe(error);
  });

  it('a critical failure with abortAll aborts the campaign; without abortAll it only counts', async () => {
    const run = (abortAll: boolean) =>
      runCampaignExecution({
        input: input([['a'], ['b']], { haltAfter: 5, abortAll }),
        executionName: 'fleet-test',
        runChild: async ({ executionName }) =>
          executionName === 'a'
            ? { status: 'FAILED', executionArn: 'a', error: 'RollbackFailed', cause: 'snapshot not restored' }
            : { status: 'SUCCEEDED', executionArn: 'b' },
      });
    expect((await run(true)).error).toBe('CampaignAborted');
    expect((await run(false)).error).toBe('CampaignIncomplete');
  });

  it('an operator abort starts no further service and no later stage, and names who asked', async () => {
    // Prepare: the abort item appears while the first service runs (maxConcurrent 1: b is still queued).
    let aborted = false;
    const seen: string[] = [];
    // Act
    const result = await runCampaignExecution({
      input: { ...input([['a', 'b'], ['c']], { haltAfter: 5 }), maxConcurrent: 1 },
      executionName: 'fleet-test',
      abortRequested: () =>
        aborted ? { by: 'arn:aws:sts::123456789012:assumed-role/Ops/alice', reason: 'pager' } : undefined,
      runChild: async ({ executionName }) => {
        seen.push(executionName);
        aborted = true;
        return { status: 'SUCCEEDED', executionArn: executionName };
      },
    });
    // Assess
    expect(seen).toEqual(['a']);
    expect(result.error).toBe('CampaignAborted');
    expect(result.cause).toContain('aborted by arn:aws:sts::123456789012:assumed-role/Ops/alice: pager');
  });
});
