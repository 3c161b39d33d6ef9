import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '#aws/dynamodb-audit-log';
import { AwsRejectedError, AwsTransientError } from '#core/errors';
import type { AuditEntry } from '#ports/audit-log';
import { newFakeTable } from './fake-table.ts';
import { accessDenied, RULE_ARN, TG_ECS, TG_VM, throttling } from './kit.ts';

const EXEC = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-a';
const shift = (at: string, after: number, planName = 'crawler-vm-to-ecs'): AuditEntry => ({
  at,
  planName,
  executionArn: EXEC,
  routerArn: RULE_ARN,
  action: 'shift',
  token: 3,
  before: { [TG_VM]: 100 - after + 5, [TG_ECS]: after - 5 },
  after: { [TG_VM]: 100 - after, [TG_ECS]: after },
  who: 'cutover',
});

function setup() {
  const table = newFakeTable();
  return { table, audit: new DynamoDbAuditLog({ client: table.client, tableName: 'cutover-test' }) };
}

describe('DynamoDbAuditLog', () => {
  it('appends one item per record under a time-ordered key, never overwriting', async () => {
    // Prepare
    const { audit, table } = setup();
    // Act
    await audit.record(shift('2026-11-02T01:00:00.000Z', 5));
    // Assess
    expect(table.mock).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'cutover-test',
      ConditionExpression: 'attribute_not_exists(#pk)',
      Item: {
        pk: 'audit',
        sk: `2026-11-02T01:00:00.000Z#${EXEC}#0000`,
        ...shift('2026-11-02T01:00:00.000Z', 5),
      },
    });
  });

  it('gives two different records at the same instant their own sequence numbers', async () => {
    // Prepare
    const { audit, table } = setup();
    // Act
    await audit.record(shift('2026-11-02T01:00:00.000Z', 5));
    await audit.record({ ...shift('2026-11-02T01:00:00.000Z', 5), action: 'drift', reason: 'console edit' });
    // Assess
    expect([...table.items.keys()].sort()).toEqual([
      `audit|2026-11-02T01:00:00.000Z#${EXEC}#0000`,
      `audit|2026-11-02T01:00:00.000Z#${EXEC}#0001`,
    ]);
  });

  it('does not write a retried record twice', async () => {
    const { audit, table } = setup();
    await audit.record(shift('2026-11-02T01:00:00.000Z', 5));
    await audit.record(shift('2026-11-02T01:00:00.000Z', 5));
    expect(table.items.size).toBe(1);
  });

  it('lists newest first, filtered by plan, up to the limit', async () => {
    // Prepare
    const { audit } = setup();
    await audit.record(shift('2026-11-02T01:00:00.000Z', 5));
    await audit.record(shift('2026-11-02T01:10:00.000Z', 10, 'other-plan'));
    await audit.record(shift('2026-11-02T01:20:00.000Z', 25));
    await audit.record(shift('2026-11-02T01:30:00.000Z', 50));
    // Act
    const latestTwo = await audit.list({ planName: 'crawler-vm-to-ecs', limit: 2 });
    const all = await audit.list({});
    // Assess
    expect(latestTwo.map((entry) => entry.at)).toEqual([
      '2026-11-02T01:30:00.000Z',
      '2026-11-02T01:20:00.000Z',
    ]);
    expect(latestTwo[0]).toEqual(shift('2026-11-02T01:30:00.000Z', 50));
    expect(all).toHaveLength(4);
  });

  it('keeps paging past records the plan filter drops', async () => {
    // Prepare: the newest records belong to another plan
    const { audit, table } = setup();
    await audit.record(shift('2026-11-02T01:00:00.000Z', 5));
    for (const minute of ['10', '20', '30'])
      await audit.record(shift(`2026-11-02T01:${minute}:00.000Z`, 10, 'other-plan'));
    // Act
    const entries = await audit.list({ planName: 'crawler-vm-to-ecs', limit: 1 });
    // Assess
    expect(entries.map((entry) => entry.at)).toEqual(['2026-11-02T01:00:00.000Z']);
    expect(table.mock).toHaveReceivedCommandWith(QueryCommand, {
      ScanIndexForward: false,
      KeyConditionExpression: '#pk = :pk',
    });
  });

  it.each([
    ['ThrottlingException', throttling, AwsTransientError],
    ['AccessDenied', accessDenied, AwsRejectedError],
  ] as const)('surfaces %s on record and list', async (_name, error, expected) => {
    const { audit, table } = setup();
    table.faults.push({ command: 'Put', error }, { command: 'Query', error });
    await expect(audit.record(shift('2026-11-02T01:00:00.000Z', 5))).rejects.toBeInstanceOf(expected);
    await expect(audit.list({})).rejects.toBeInstanceOf(expected);
  });
});
