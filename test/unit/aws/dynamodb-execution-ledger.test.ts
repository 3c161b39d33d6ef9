import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbExecutionLedger } from '#aws/dynamodb-execution-ledger';
import { AwsRejectedError, AwsTransientError, PlanClosedError } from '#core/errors';
import { newFakeTable } from './fake-table.ts';
import { accessDenied, RULE_ARN, throttling } from './kit.ts';

const EXEC = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-a';
const open = {
  executionArn: EXEC,
  planName: 'crawler-vm-to-ecs',
  routerArn: RULE_ARN,
  at: '2026-11-02T01:00:00.000Z',
};

function setup() {
  const table = newFakeTable();
  return { table, ledger: new DynamoDbExecutionLedger({ client: table.client, tableName: 'cutover-test' }) };
}

describe('DynamoDbExecutionLedger', () => {
  it('opens an execution, reads it OPEN, closes it, reads it CLOSED', async () => {
    // Prepare
    const { ledger, table } = setup();
    // Act
    await ledger.open(open);
    const whileOpen = await ledger.status(EXEC);
    await ledger.close({ executionArn: EXEC, outcome: 'succeeded', at: '2026-11-02T02:00:00.000Z' });
    // Assess
    expect(whileOpen).toBe('OPEN');
    expect(await ledger.status(EXEC)).toBe('CLOSED');
    expect(table.items.get(`execution|${EXEC}`)).toMatchObject({
      status: 'CLOSED',
      outcome: 'succeeded',
      planName: 'crawler-vm-to-ecs',
      ttl: Date.parse('2026-11-02T02:00:00.000Z') / 1000 + 90 * 24 * 3600,
    });
    expect(table.mock).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'execution', sk: EXEC },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('treats a second open (a retried Lambda) as done', async () => {
    const { ledger } = setup();
    await ledger.open(open);
    await expect(ledger.open({ ...open, at: '2026-11-02T01:00:05.000Z' })).resolves.toBeUndefined();
  });

  it('refuses to reopen a closed plan with PlanClosed naming the outcome', async () => {
    // Prepare: a redrive after the execution ended
    const { ledger } = setup();
    await ledger.open(open);
    await ledger.close({ executionArn: EXEC, outcome: 'rolled_back', at: '2026-11-02T02:00:00.000Z' });
    // Act
    const result = ledger.open(open);
    // Assess
    await expect(result).rejects.toBeInstanceOf(PlanClosedError);
    await expect(result).rejects.toThrow(
      /plan crawler-vm-to-ecs is already closed \(rolled_back at 2026-11-02T02:00:00.000Z\)/,
    );
  });

  it('keeps the first outcome when closed twice', async () => {
    const { ledger, table } = setup();
    await ledger.open(open);
    await ledger.close({ executionArn: EXEC, outcome: 'rolled_back', at: '2026-11-02T02:00:00.000Z' });
    await ledger.close({ executionArn: EXEC, outcome: 'failed', at: '2026-11-02T02:05:00.000Z' });
    expect(table.items.get(`execution|${EXEC}`)).toMatchObject({ outcome: 'rolled_back' });
  });

  it('records a close for an execution never opened, so a later open is refused', async () => {
    const { ledger } = setup();
    await ledger.close({ executionArn: EXEC, outcome: 'aborted', at: '2026-11-02T02:00:00.000Z' });
    await expect(ledger.open(open)).rejects.toBeInstanceOf(PlanClosedError);
  });

  it('reads undefined for an execution it never saw', async () => {
    const { ledger } = setup();
    expect(await ledger.status(EXEC)).toBeUndefined();
  });

  it.each([
    ['ThrottlingException', throttling, AwsTransientError],
    ['AccessDenied', accessDenied, AwsRejectedError],
  ] as const)('surfaces %s', async (_name, error, expected) => {
    const { ledger, table } = setup();
    table.faults.push({ command: 'Update', error });
    await expect(ledger.open(open)).rejects.toBeInstanceOf(expected);
  });
});
