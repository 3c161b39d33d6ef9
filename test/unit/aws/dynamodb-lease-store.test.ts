import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbLeaseStore } from '#aws/dynamodb-lease-store';
import { AwsRejectedError, AwsTransientError, LeaseHeldError, LeaseLostError } from '#core/errors';
import type { RouterSnapshot } from '#ports/traffic-router';
import { conditionFailed, newFakeTable } from './fake-table.ts';
import { accessDenied, RULE_ARN, TG_ECS, TG_VM, throttling } from './kit.ts';

const TABLE = 'cutover-test';
const T0 = new Date('2026-11-02T01:00:00.000Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const EXEC_A = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-a';
const EXEC_B = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-b';

function setup() {
  const table = newFakeTable();
  const store = new DynamoDbLeaseStore({ client: table.client, tableName: TABLE });
  const acquire = (owner: string, now = T0, ttlSeconds = 900) =>
    store.acquire({ routerArn: RULE_ARN, owner, planName: 'crawler-vm-to-ecs', ttlSeconds, now });
  return { table, store, acquire };
}

const snapshot: RouterSnapshot = {
  routerArn: RULE_ARN,
  kind: 'rule',
  actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG_VM, Weight: 100 }] } }],
  weights: { [TG_VM]: 100 },
  capturedAt: T0.toISOString(),
};

describe('DynamoDbLeaseStore.acquire', () => {
  it('creates the lease with token 1 and the expiry in epoch seconds, verified through ALL_NEW', async () => {
    // Prepare
    const { table, acquire } = setup();
    // Act
    const lease = await acquire(EXEC_A);
    // Assess
    expect(lease).toEqual({
      routerArn: RULE_ARN,
      owner: EXEC_A,
      planName: 'crawler-vm-to-ecs',
      token: 1,
      expiresAt: '2026-11-02T01:15:00.000Z',
      released: false,
    });
    expect(table.items.get(`lease|${RULE_ARN}`)).toMatchObject({
      expiresAt: T0.getTime() / 1000 + 900,
      token: 1,
    });
    expect(table.mock).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: TABLE,
      Key: { pk: 'lease', sk: RULE_ARN },
      ReturnValues: 'ALL_NEW',
      ConditionExpression: 'attribute_not_exists(#pk)',
    });
    expect(table.mock).toHaveReceivedCommandWith(GetCommand, { ConsistentRead: true });
  });

  it('refuses a lease held by another execution with LeaseHeld naming the owner and expiry', async () => {
    // Prepare
    const { acquire, table } = setup();
    await acquire(EXEC_A);
    // Act
    const result = acquire(EXEC_B, later(60));
    // Assess
    await expect(result).rejects.toBeInstanceOf(LeaseHeldError);
    await expect(result).rejects.toThrow(
      `lease on ${RULE_ARN}: held by ${EXEC_A} (plan crawler-vm-to-ecs, token 1) until 2026-11-02T01:15:00.000Z`,
    );
    expect(table.items.get(`lease|${RULE_ARN}`)).toMatchObject({ owner: EXEC_A, token: 1 });
  });

  it('hands a retried acquire of the same execution its own lease back', async () => {
    const { acquire } = setup();
    const first = await acquire(EXEC_A);
    expect(await acquire(EXEC_A, later(5))).toEqual(first);
  });

  it('takes a released lease with the next token and clears the previous run fields', async () => {
    // Prepare
    const { acquire, store } = setup();
    const first = await acquire(EXEC_A);
    await store.update(RULE_ARN, first.token, { snapshot, lastWritten: { [TG_VM]: 100 } });
    await store.release(RULE_ARN, first.token);
    // Act
    const second = await acquire(EXEC_B, later(60));
    // Assess
    expect(second).toMatchObject({ owner: EXEC_B, token: 2, released: false });
    expect(second.snapshot).toBeUndefined();
    expect(second.lastWritten).toBeUndefined();
  });

  it('takes an expired lease with the next token', async () => {
    const { acquire } = setup();
    await acquire(EXEC_A, T0, 60);
    const second = await acquire(EXEC_B, later(61));
    expect(second).toMatchObject({ owner: EXEC_B, token: 2 });
  });

  it('reports LeaseHeld when another execution wins the race between read and write', async () => {
    // Prepare: B reads the released lease (token 1); A re-acquires (token 2) before B's write lands
    const { acquire, store, table } = setup();
    const first = await acquire(EXEC_A);
    await store.release(RULE_ARN, first.token);
    table.afterNext('Get', () => {
      const released = table.items.get(`lease|${RULE_ARN}`);
      table.items.set(`lease|${RULE_ARN}`, { ...released, token: 2, owner: EXEC_A, released: false });
    });
    // Act
    const result = acquire(EXEC_B, later(1));
    // Assess: the conditional write on token 1 fails, and B names the real holder
    await expect(result).rejects.toBeInstanceOf(LeaseHeldError);
    await expect(result).rejects.toThrow(/held by .*crawler-a \(plan crawler-vm-to-ecs, token 2\)/);
    expect(table.items.get(`lease|${RULE_ARN}`)).toMatchObject({ owner: EXEC_A, token: 2 });
  });

  it('never reuses a token when another execution acquired and released between read and write', async () => {
    // Prepare: B reads the released lease at token 1; meanwhile A takes token 2 and releases it
    const { acquire, store, table } = setup();
    await store.release(RULE_ARN, (await acquire(EXEC_A)).token);
    table.afterNext('Get', () => {
      const released = table.items.get(`lease|${RULE_ARN}`);
      table.items.set(`lease|${RULE_ARN}`, { ...released, token: 2, owner: EXEC_A, released: true });
    });
    // Act
    const lease = await acquire(EXEC_B, later(1));
    // Assess
    expect(lease).toMatchObject({ owner: EXEC_B, token: 3 });
  });

  it('turns ConditionalCheckFailedException on create into LeaseHeld naming the winner', async () => {
    // Prepare: the item appears between our read and our write
    const { table, acquire } = setup();
    table.mock.on(UpdateCommand).callsFakeOnce(() => {
      table.items.set(`lease|${RULE_ARN}`, {
        pk: 'lease',
        sk: RULE_ARN,
        owner: EXEC_B,
        planName: 'other',
        token: 7,
        expiresAt: T0.getTime() / 1000 + 600,
        released: false,
      });
      throw conditionFailed();
    });
    // Act
    const result = acquire(EXEC_A);
    // Assess
    await expect(result).rejects.toThrow(/held by .*crawler-b \(plan other, token 7\)/);
  });

  it('refuses a write that DynamoDB did not confirm', async () => {
    const { table, acquire } = setup();
    table.mock.on(UpdateCommand).resolvesOnce({});
    await expect(acquire(EXEC_A)).rejects.toBeInstanceOf(LeaseLostError);
  });

  it.each([
    ['ThrottlingException', throttling, AwsTransientError],
    ['AccessDenied', accessDenied, AwsRejectedError],
  ] as const)('surfaces %s', async (_name, error, expected) => {
    const { table, acquire } = setup();
    table.faults.push({ command: 'Get', error });
    await expect(acquire(EXEC_A)).rejects.toBeInstanceOf(expected);
  });
});

describe('DynamoDbLeaseStore fencing tokens', () => {
  it('never reuses a token across acquire, release, takeover and acquire again', async () => {
    // Prepare
    const { acquire, store } = setup();
    const tokens: number[] = [];
    // Act
    const a = await acquire(EXEC_A);
    tokens.push(a.token);
    await store.release(RULE_ARN, a.token);
    const b = await acquire(EXEC_B, later(10));
    tokens.push(b.token);
    const swept = await store.takeOver({
      routerArn: RULE_ARN,
      owner: 'sweeper:1',
      expectedToken: b.token,
      ttlSeconds: 300,
      now: later(20),
    });
    tokens.push(swept.token);
    await store.release(RULE_ARN, swept.token);
    const c = await acquire(EXEC_A.replace('crawler-a', 'crawler-c'), later(30));
    tokens.push(c.token);
    // Assess
    expect(tokens).toEqual([1, 2, 3, 4]);
    expect((await store.read(RULE_ARN))?.token).toBe(4);
  });
});

describe('DynamoDbLeaseStore.takeOver', () => {
  it('takes the lease at token + 1 and keeps the snapshot for the restore', async () => {
    // Prepare
    const { acquire, store } = setup();
    const lease = await acquire(EXEC_A);
    await store.update(RULE_ARN, lease.token, { snapshot });
    // Act
    const taken = await store.takeOver({
      routerArn: RULE_ARN,
      owner: 'sweeper:1',
      expectedToken: 1,
      ttlSeconds: 300,
      now: later(10),
    });
    // Assess
    expect(taken).toMatchObject({ owner: 'sweeper:1', token: 2, snapshot });
  });

  it('makes the old holder lose the lease: its next update throws LeaseLost', async () => {
    // Prepare
    const { acquire, store, table } = setup();
    const lease = await acquire(EXEC_A);
    await store.takeOver({
      routerArn: RULE_ARN,
      owner: 'sweeper:1',
      expectedToken: 1,
      ttlSeconds: 300,
      now: later(10),
    });
    // Act
    const result = store.update(RULE_ARN, lease.token, { lastWritten: { [TG_VM]: 50, [TG_ECS]: 50 } });
    // Assess
    await expect(result).rejects.toBeInstanceOf(LeaseLostError);
    await expect(result).rejects.toThrow(/cannot update with token 1; now token 2 held by sweeper:1/);
    expect(table.items.get(`lease|${RULE_ARN}`)?.lastWritten).toBeUndefined();
  });

  it('refuses when the token moved on (ConditionalCheckFailedException)', async () => {
    const { acquire, store } = setup();
    await acquire(EXEC_A);
    await store.takeOver({
      routerArn: RULE_ARN,
      owner: 'sweeper:1',
      expectedToken: 1,
      ttlSeconds: 300,
      now: later(10),
    });
    const result = store.takeOver({
      routerArn: RULE_ARN,
      owner: 'sweeper:2',
      expectedToken: 1,
      ttlSeconds: 300,
      now: later(11),
    });
    await expect(result).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('is idempotent for a retried takeover by the same owner', async () => {
    const { acquire, store } = setup();
    await acquire(EXEC_A);
    const req = {
      routerArn: RULE_ARN,
      owner: 'sweeper:1',
      expectedToken: 1,
      ttlSeconds: 300,
      now: later(10),
    };
    const first = await store.takeOver(req);
    expect(await store.takeOver(req)).toEqual(first);
  });
});

describe('DynamoDbLeaseStore.renew / update / release / read / listActive', () => {
  it('renews the expiry for the current token', async () => {
    const { acquire, store } = setup();
    await acquire(EXEC_A);
    const renewed = await store.renew({ routerArn: RULE_ARN, token: 1, ttlSeconds: 900, now: later(600) });
    expect(renewed.expiresAt).toBe('2026-11-02T01:25:00.000Z');
  });

  it('refuses to renew with a stale token or after release', async () => {
    const { acquire, store } = setup();
    await acquire(EXEC_A);
    await expect(
      store.renew({ routerArn: RULE_ARN, token: 0, ttlSeconds: 60, now: T0 }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    await store.release(RULE_ARN, 1);
    await expect(
      store.renew({ routerArn: RULE_ARN, token: 1, ttlSeconds: 60, now: T0 }),
    ).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('sets and removes fields and returns the stored lease', async () => {
    // Prepare
    const { acquire, store } = setup();
    await acquire(EXEC_A);
    await store.update(RULE_ARN, 1, {
      snapshot,
      approval: { taskToken: 'token-abc', step: 2, requestedAt: T0.toISOString() },
      abortRequested: { by: 'alice', reason: 'pager', at: T0.toISOString() },
    });
    // Act
    const lease = await store.update(RULE_ARN, 1, {
      lastWritten: { [TG_VM]: 95, [TG_ECS]: 5 },
      remove: ['approval', 'abortRequested'],
    });
    // Assess
    expect(lease).toMatchObject({ token: 1, snapshot, lastWritten: { [TG_VM]: 95, [TG_ECS]: 5 } });
    expect(lease.approval).toBeUndefined();
    expect(lease.abortRequested).toBeUndefined();
    expect(await store.read(RULE_ARN)).toEqual(lease);
  });

  it('stores the drift record, keeps it through a takeover, and clears it on the next acquire', async () => {
    // Prepare
    const { acquire, store } = setup();
    await acquire(EXEC_A);
    const driftDetected = {
      expected: { [TG_VM]: 50, [TG_ECS]: 50 },
      live: { [TG_VM]: 70, [TG_ECS]: 30 },
      at: T0.toISOString(),
      targetNames: { [TG_VM]: 'vm', [TG_ECS]: 'ecs' },
    };
    // Act
    const updated = await store.update(RULE_ARN, 1, { driftDetected });
    const taken = await store.takeOver({
      routerArn: RULE_ARN,
      owner: 'sweeper:1',
      expectedToken: 1,
      ttlSeconds: 300,
      now: later(10),
    });
    await store.release(RULE_ARN, taken.token);
    const next = await acquire(EXEC_B, later(20));
    // Assess
    expect(updated.driftDetected).toEqual(driftDetected);
    expect(taken.driftDetected).toEqual(driftDetected);
    expect(next.driftDetected).toBeUndefined();
  });

  it('refuses a drift record that DynamoDB did not store as written', async () => {
    // Prepare: a held lease, and an update whose returned item carries another drift record
    const { store, table } = setup();
    const held = {
      pk: 'lease',
      sk: RULE_ARN,
      owner: EXEC_A,
      planName: 'crawler-vm-to-ecs',
      token: 1,
      expiresAt: T0.getTime() / 1000 + 900,
      released: false,
    };
    table.items.set(`lease|${RULE_ARN}`, held);
    table.mock.on(UpdateCommand).resolvesOnce({
      Attributes: { ...held, driftDetected: { expected: {}, live: {}, at: T0.toISOString() } },
    });
    // Act
    const update = store.update(RULE_ARN, 1, {
      driftDetected: { expected: { [TG_VM]: 50 }, live: { [TG_VM]: 70 }, at: T0.toISOString() },
    });
    // Assess
    await expect(update).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('refuses to release with a token that is not the lease', async () => {
    const { acquire, store } = setup();
    await acquire(EXEC_A);
    await expect(store.release(RULE_ARN, 5)).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('keeps the token on release and releases idempotently', async () => {
    const { acquire, store } = setup();
    await acquire(EXEC_A);
    await store.release(RULE_ARN, 1);
    await store.release(RULE_ARN, 1);
    expect(await store.read(RULE_ARN)).toMatchObject({ token: 1, released: true });
  });

  it('reads undefined for a router that never had a lease', async () => {
    const { store } = setup();
    expect(await store.read(RULE_ARN)).toBeUndefined();
  });

  it('lists only leases that are not released', async () => {
    // Prepare
    const { store, table } = setup();
    const other = RULE_ARN.replace('9683b2d02a6cabee', '1111111111111111');
    await store.acquire({ routerArn: RULE_ARN, owner: EXEC_A, planName: 'a', ttlSeconds: 60, now: T0 });
    await store.acquire({ routerArn: other, owner: EXEC_B, planName: 'b', ttlSeconds: 60, now: T0 });
    await store.release(other, 1);
    table.items.set('execution|x', { pk: 'execution', sk: 'x', status: 'OPEN' });
    // Act
    const active = await store.listActive();
    // Assess
    expect(active.map((lease) => lease.routerArn)).toEqual([RULE_ARN]);
  });

  it('surfaces throttling from update', async () => {
    const { acquire, store, table } = setup();
    await acquire(EXEC_A);
    table.faults.push({ command: 'Update', error: throttling });
    await expect(store.update(RULE_ARN, 1, { lastWritten: { [TG_VM]: 100 } })).rejects.toBeInstanceOf(
      AwsTransientError,
    );
  });
});
