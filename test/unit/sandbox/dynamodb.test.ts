import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { TABLE, testSandbox } from './fixture.ts';

const lease = {
  pk: 'lease',
  sk: 'router-1',
  owner: 'execution-a',
  token: 1,
  expiresAt: '2026-03-02T02:00:00.000Z',
};

describe('sandbox DynamoDB', () => {
  it('takes a free lease with attribute_not_exists and refuses a second taker with ConditionalCheckFailedException', async () => {
    // Prepare
    const { clients } = testSandbox();
    const take = (owner: string) =>
      clients.documents.send(
        new PutCommand({
          TableName: TABLE,
          Item: { ...lease, owner },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    // Act
    await take('execution-a');
    const second = take('execution-b');
    // Assess
    await expect(second).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
      $metadata: { attempts: 1 },
    });
    const { Item } = await clients.documents.send(
      new GetCommand({ TableName: TABLE, Key: { pk: 'lease', sk: 'router-1' }, ConsistentRead: true }),
    );
    expect(Item).toEqual({ ...lease, owner: 'execution-a' });
  });

  it('evaluates OR, NOT, comparisons and #name placeholders (expired lease takeover)', async () => {
    const { clients } = testSandbox();
    await clients.documents.send(new PutCommand({ TableName: TABLE, Item: lease }));
    const takeOver = (now: string) =>
      clients.documents.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: { pk: 'lease', sk: 'router-1' },
          UpdateExpression: 'SET #owner = :me, #token = #token + :one',
          ConditionExpression: 'attribute_not_exists(pk) OR (#exp < :now AND NOT #owner = :me)',
          ExpressionAttributeNames: { '#owner': 'owner', '#token': 'token', '#exp': 'expiresAt' },
          ExpressionAttributeValues: { ':me': 'execution-b', ':one': 1, ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      );
    await expect(takeOver('2026-03-02T01:30:00.000Z')).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });
    const taken = await takeOver('2026-03-02T02:30:00.000Z');
    expect(taken.Attributes).toMatchObject({ owner: 'execution-b', token: 2 });
  });

  it('SET with if_not_exists and REMOVE', async () => {
    const { clients } = testSandbox();
    await clients.documents.send(
      new PutCommand({ TableName: TABLE, Item: { ...lease, approval: { step: 3 } } }),
    );
    const out = await clients.documents.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: 'lease', sk: 'router-1' },
        UpdateExpression: 'SET firstSeen = if_not_exists(firstSeen, :t) REMOVE approval',
        ExpressionAttributeValues: { ':t': 'now' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(out.Attributes).toEqual({ ...lease, firstSeen: 'now' });
  });

  it.each([
    {
      case: 'an unused value placeholder',
      command: () =>
        new PutCommand({
          TableName: TABLE,
          Item: lease,
          ConditionExpression: 'attribute_not_exists(pk)',
          ExpressionAttributeValues: { ':unused': 1 },
        }),
      message: /unused in expressions/,
    },
    {
      case: 'an undefined name placeholder',
      command: () =>
        new PutCommand({ TableName: TABLE, Item: lease, ConditionExpression: 'attribute_exists(#nope)' }),
      message: /not defined/,
    },
    {
      case: 'a reserved word used bare',
      command: () =>
        new PutCommand({ TableName: TABLE, Item: lease, ConditionExpression: 'attribute_not_exists(owner)' }),
      message: /reserved keyword/,
    },
    {
      case: 'updating a key attribute',
      command: () =>
        new UpdateCommand({
          TableName: TABLE,
          Key: { pk: 'lease', sk: 'router-1' },
          UpdateExpression: 'SET sk = :v',
          ExpressionAttributeValues: { ':v': 'x' },
        }),
      message: /part of the key/,
    },
    {
      case: 'a key that does not match the schema',
      command: () => new GetCommand({ TableName: TABLE, Key: { pk: 'lease' } }),
      message: /does not match the schema/,
    },
  ])('refuses $case with a ValidationException, as DynamoDB does', async ({ command, message }) => {
    const { clients } = testSandbox();
    await expect(clients.documents.send(command() as never)).rejects.toMatchObject({
      name: 'ValidationException',
      message,
    });
  });

  it('queries a partition newest first with begins_with, Limit and a filter', async () => {
    // Prepare
    const { clients } = testSandbox();
    for (const [at, plan] of [
      ['2026-03-02T01:00:00Z', 'a'],
      ['2026-03-02T02:00:00Z', 'b'],
      ['2026-03-02T03:00:00Z', 'a'],
      ['2026-03-03T01:00:00Z', 'a'],
    ]) {
      await clients.documents.send(
        new PutCommand({ TableName: TABLE, Item: { pk: 'audit', sk: `${at}#x`, plan } }),
      );
    }
    await clients.documents.send(
      new PutCommand({ TableName: TABLE, Item: { pk: 'lease', sk: 'r', plan: 'a' } }),
    );
    // Act
    const out = await clients.documents.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
        FilterExpression: '#plan = :plan',
        ExpressionAttributeNames: { '#plan': 'plan' },
        ExpressionAttributeValues: { ':pk': 'audit', ':day': '2026-03-02', ':plan': 'a' },
        ScanIndexForward: false,
        Limit: 2,
      }),
    );
    // Assess: Limit counts items read before the filter, like DynamoDB
    expect(out.Items?.map((item) => item.sk)).toEqual(['2026-03-02T03:00:00Z#x']);
    expect(out.ScannedCount).toBe(2);
    expect(out.LastEvaluatedKey).toEqual({ pk: 'audit', sk: '2026-03-02T02:00:00Z#x' });
  });

  it('deletes only when the condition holds', async () => {
    const { clients, sandbox } = testSandbox();
    await clients.documents.send(new PutCommand({ TableName: TABLE, Item: lease }));
    const wrongToken = clients.documents.send(
      new DeleteCommand({
        TableName: TABLE,
        Key: { pk: 'lease', sk: 'router-1' },
        ConditionExpression: '#t = :t',
        ExpressionAttributeNames: { '#t': 'token' },
        ExpressionAttributeValues: { ':t': 2 },
      }),
    );
    await expect(wrongToken).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    await clients.documents.send(
      new DeleteCommand({
        TableName: TABLE,
        Key: { pk: 'lease', sk: 'router-1' },
        ConditionExpression: '#t = :t',
        ExpressionAttributeNames: { '#t': 'token' },
        ExpressionAttributeValues: { ':t': 1 },
      }),
    );
    expect(sandbox.dynamoDb.items(TABLE)).toEqual([]);
  });

  it('answers an unknown table with ResourceNotFoundException', async () => {
    const { clients } = testSandbox();
    await expect(
      clients.documents.send(new GetCommand({ TableName: 'nope', Key: { pk: 'a', sk: 'b' } })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
