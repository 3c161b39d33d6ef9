import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { run as history } from '#cli/commands/history';
import { awsError, CALLER_ARN, captureIo, ROUTER_ARN, testDeps } from './helpers.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const A = 'arn:aws:states:ap-northeast-1:123456789012:execution:Cutover:crawler-vm-to-ecs-aaaaaaaaaaaaaaaa';
const B = 'arn:aws:states:ap-northeast-1:123456789012:execution:Cutover:crawler-vm-to-ecs-bbbbbbbbbbbbbbbb';

const record = (executionArn: string, at: string, action: string, extra: Record<string, unknown> = {}) => ({
  pk: 'audit',
  sk: `${at}#${executionArn}#0000`,
  at,
  planName: 'crawler-vm-to-ecs',
  executionArn,
  routerArn: ROUTER_ARN,
  action,
  who: 'cutover',
  ...extra,
});

beforeEach(() => ddb.reset());

describe('cutover history', () => {
  it('summarizes each cutover (newest first) with its outcome and the human decisions', async () => {
    // Prepare: newest first, as the audit log returns them
    ddb.on(QueryCommand).resolves({
      Items: [
        record(B, '2026-06-01T02:00:00.000Z', 'rolled_back', { reason: 'approval rejected' }),
        record(B, '2026-06-01T01:50:00.000Z', 'reject', { who: CALLER_ARN, reason: 'p99 creeping' }),
        record(B, '2026-06-01T01:00:00.000Z', 'started'),
        record(A, '2026-05-30T03:00:00.000Z', 'succeeded'),
        record(A, '2026-05-30T02:00:00.000Z', 'approve', { who: CALLER_ARN, reason: 'green' }),
        record(A, '2026-05-30T01:00:00.000Z', 'started'),
      ],
    });
    const cli = captureIo();
    // Act
    const code = await history(
      ['--table', 'cutover-table', '--plan', 'crawler-vm-to-ecs', '--json'],
      cli.io,
      testDeps(),
    );
    // Assess
    expect(code).toBe(0);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: 'cutover-table',
      ExpressionAttributeValues: { ':pk': 'audit', ':planName': 'crawler-vm-to-ecs' },
    });
    expect(cli.json()).toEqual([
      {
        executionArn: B,
        planName: 'crawler-vm-to-ecs',
        routerArn: ROUTER_ARN,
        startedAt: '2026-06-01T01:00:00.000Z',
        endedAt: '2026-06-01T02:00:00.000Z',
        outcome: 'rejected',
        reason: 'approval rejected',
        startWeights: null,
        decisions: [
          { action: 'reject', who: CALLER_ARN, reason: 'p99 creeping', at: '2026-06-01T01:50:00.000Z' },
        ],
      },
      {
        executionArn: A,
        planName: 'crawler-vm-to-ecs',
        routerArn: ROUTER_ARN,
        startedAt: '2026-05-30T01:00:00.000Z',
        endedAt: '2026-05-30T03:00:00.000Z',
        outcome: 'succeeded',
        reason: null,
        startWeights: null,
        decisions: [{ action: 'approve', who: CALLER_ARN, reason: 'green', at: '2026-05-30T02:00:00.000Z' }],
      },
    ]);
  });

  it('keeps the weights before the first write (the way back) and lists a release by hand', async () => {
    // Prepare: a cutover whose rollback failed, released by a human after restoring the router
    const VM = `${ROUTER_ARN}-vm`;
    const ECS = `${ROUTER_ARN}-ecs`;
    ddb.on(QueryCommand).resolves({
      Items: [
        record(A, '2026-06-01T03:00:00.000Z', 'release', { who: CALLER_ARN, reason: 'restored by hand' }),
        record(A, '2026-06-01T02:00:00.000Z', 'failed', { reason: 'rollback failed: target group gone' }),
        record(A, '2026-06-01T01:10:00.000Z', 'shift', {
          before: { [VM]: 99, [ECS]: 1 },
          after: { [VM]: 95, [ECS]: 5 },
        }),
        record(A, '2026-06-01T01:00:00.000Z', 'shift', {
          before: { [VM]: 100, [ECS]: 0 },
          after: { [VM]: 99, [ECS]: 1 },
        }),
        record(A, '2026-06-01T00:59:00.000Z', 'started'),
      ],
    });
    const cli = captureIo();
    // Act
    const code = await history(['--table', 'cutover-table', '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    const [item] = cli.json() as {
      startWeights: unknown;
      outcome: string;
      decisions: { action: string }[];
    }[];
    expect(item?.startWeights).toEqual({ [VM]: 100, [ECS]: 0 });
    expect(item?.outcome).toBe('failed');
    expect(item?.decisions.map((d) => d.action)).toEqual(['release']);
  });

  it('prints a table, and a cutover with no ending recorded as running', async () => {
    ddb.on(QueryCommand).resolves({ Items: [record(A, '2026-06-01T01:00:00.000Z', 'started')] });
    const cli = captureIo();
    expect(await history(['--table', 'cutover-table', '--limit', '5'], cli.io, testDeps())).toBe(0);
    expect(cli.stdout()).toMatch(/STARTED\s+PLAN\s+OUTCOME/);
    expect(cli.stdout()).toContain('running');
  });

  it('exits 2 for a bad --limit without reading anything', async () => {
    const cli = captureIo();
    expect(await history(['--table', 't', '--limit', 'lots'], cli.io, testDeps())).toBe(2);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('exits 3 when the table cannot be read', async () => {
    ddb.on(QueryCommand).rejects(awsError('AccessDeniedException', 'not authorized: dynamodb:Query'));
    const cli = captureIo();
    expect(await history(['--table', 'cutover-table'], cli.io, testDeps())).toBe(3);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
  });
});
