import { describe, expect, it } from 'vitest';
import { createAwsClients } from '#aws/clients';
import { DynamoDbLeaseStore } from '#aws/dynamodb-lease-store';
import { inProcessTablePlugin } from '#local/sandbox/in-process-table';
import { SANDBOX_CLIENT_OPTIONS } from '#local/sandbox/index';

describe('in-process table (cutover run --no-lease)', () => {
  it('runs the real lease store: a second owner is refused while the first holds the lease', async () => {
    // Prepare
    const clients = createAwsClients({
      region: 'us-east-1',
      ...SANDBOX_CLIENT_OPTIONS,
      plugins: [inProcessTablePlugin('local')],
    });
    const leases = new DynamoDbLeaseStore({ client: clients.documents, tableName: 'local' });
    const now = new Date('2026-03-02T01:00:00Z');
    const request = (owner: string) => ({
      routerArn: 'arn:router',
      owner,
      planName: 'p',
      ttlSeconds: 600,
      now,
    });
    // Act
    const first = await leases.acquire(request('execution-a'));
    const second = leases.acquire(request('execution-b'));
    // Assess
    expect(first.owner).toBe('execution-a');
    await expect(second).rejects.toMatchObject({ name: 'LeaseHeld' });
    expect((await leases.read('arn:router'))?.owner).toBe('execution-a');
  });

  it('answers only table commands', async () => {
    const clients = createAwsClients({
      region: 'us-east-1',
      ...SANDBOX_CLIENT_OPTIONS,
      plugins: [inProcessTablePlugin('local')],
    });
    const { ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
    await expect(clients.dynamoDb.send(new ListTablesCommand({}))).rejects.toMatchObject({
      message: /ListTables on the in-process table is not simulated/,
    });
  });
});
