import {
  DescribeListenersCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeExecutionCommand, type ExecutionStatus, SFNClient } from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ReleaseResult, run as release } from '#cli/commands/release';
import {
  awsError,
  CALLER_ARN,
  captureIo,
  describedExecution,
  ECS_TG,
  EXECUTION_ARN,
  forwardingListener,
  leaseItem,
  PLAN,
  ROUTER_ARN,
  STATE_MACHINE_ARN,
  testDeps,
  VM_TG,
} from './helpers.ts';

const sfn = mockClient(SFNClient);
const sts = mockClient(STSClient);
const ddb = mockClient(DynamoDBDocumentClient);
const elb = mockClient(ElasticLoadBalancingV2Client);

const TABLE = ['--table', 'cutover-table'];
const REASON = ['--reason', 'INC-42: re-pointed the listener at crawler-vm by hand'];
const DELETED_TG =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/crawler-old/1111111111111111';

type LeaseItem = Record<string, unknown> & { token: number; released: boolean };

/** The one lease item, kept by a fake that applies the store's conditional writes. */
let stored: LeaseItem | undefined;

function lease(extra: Record<string, unknown> = {}): LeaseItem {
  return leaseItem(EXECUTION_ARN, {
    snapshot: {
      routerArn: ROUTER_ARN,
      kind: 'listener',
      actions: [],
      weights: { [VM_TG]: 90, [DELETED_TG]: 10 },
      capturedAt: '2026-06-01T00:00:00Z',
    },
    lastWritten: { [VM_TG]: 50, [ECS_TG]: 50 },
    ...extra,
  });
}

function execution(status: ExecutionStatus) {
  sfn.on(DescribeExecutionCommand).resolves(
    describedExecution(EXECUTION_ARN, status, {
      input: undefined,
      ...(status === 'RUNNING' ? {} : { stopDate: new Date('2026-06-01T00:40:00Z') }),
    }),
  );
}

const liveListener = (weights: { vm: number; ecs: number }) =>
  elb.on(DescribeListenersCommand).resolves(forwardingListener(weights));

const updates = () => ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
const auditItem = () => ddb.commandCalls(PutCommand)[0]?.args[0].input.Item;

beforeEach(() => {
  for (const mock of [sfn, sts, ddb, elb]) mock.reset();
  stored = undefined;
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Arn: CALLER_ARN, Account: '123456789012', UserId: 'AROAEXAMPLE:alice' });
  ddb.on(GetCommand).callsFake(() => ({ Item: stored }));
  ddb.on(UpdateCommand).callsFake((input) => {
    const values = input.ExpressionAttributeValues as Record<string, unknown>;
    if (!stored) throw awsError('ConditionalCheckFailedException');
    if (String(input.UpdateExpression).includes('#owner')) {
      if (stored.token !== values[':expected']) throw awsError('ConditionalCheckFailedException');
      stored = {
        ...stored,
        owner: values[':owner'],
        token: values[':token'] as number,
        expiresAt: values[':expiresAt'],
        released: false,
      };
    } else {
      if (stored.token !== values[':token']) throw awsError('ConditionalCheckFailedException');
      stored = { ...stored, released: true };
    }
    return { Attributes: stored };
  });
  ddb.on(PutCommand).resolves({});
  liveListener({ vm: 100, ecs: 0 });
});

describe('cutover release', () => {
  it('releases the lease of a failed execution with a higher token and records who, why and the live weights', async () => {
    // Prepare
    stored = lease();
    execution('FAILED');
    const cli = captureIo();
    // Act
    const code = await release([PLAN, ...REASON, ...TABLE, '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    expect(updates()[0]?.ExpressionAttributeValues).toMatchObject({
      ':owner': `human:${CALLER_ARN}`,
      ':expected': 7,
      ':token': 8,
    });
    expect(updates()[1]?.ExpressionAttributeValues).toMatchObject({ ':released': true, ':token': 8 });
    expect(stored).toMatchObject({ released: true, token: 8, owner: `human:${CALLER_ARN}` });
    expect(elb).not.toHaveReceivedCommand(ModifyListenerCommand);
    expect(auditItem()).toMatchObject({
      pk: 'audit',
      action: 'release',
      who: CALLER_ARN,
      token: 8,
      executionArn: EXECUTION_ARN,
      routerArn: ROUTER_ARN,
      after: { [VM_TG]: 100, [ECS_TG]: 0 },
    });
    expect(String(auditItem()?.reason)).toContain('INC-42');
    expect(cli.json<ReleaseResult>()).toMatchObject({
      released: true,
      previousOwner: EXECUTION_ARN,
      token: 8,
      by: CALLER_ARN,
      liveWeights: { vm: 100, ecs: 0, eks: 0 },
      snapshotWeights: { vm: 90, [DELETED_TG]: 10 },
    });
  });

  it('releases a lease the safety net keeps retrying, by router ARN, and shows what the router serves', async () => {
    // Prepare
    stored = lease({ owner: `sweeper:${EXECUTION_ARN}`, token: 12 });
    const cli = captureIo();
    // Act
    const code = await release([ROUTER_ARN, ...REASON, ...TABLE], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    expect(stored).toMatchObject({ released: true, token: 13 });
    expect(auditItem()).toMatchObject({ action: 'release', executionArn: EXECUTION_ARN, token: 13 });
    expect(cli.stdout()).toContain('safety net');
    expect(cli.stdout()).toContain(`the router serves now: ${VM_TG}=100, ${ECS_TG}=0`);
  });

  it('refuses while the owning execution still runs, pointing at abort, and changes nothing', async () => {
    // Prepare
    stored = lease();
    execution('RUNNING');
    const cli = captureIo();
    // Act
    const code = await release([PLAN, ...REASON, ...TABLE], cli.io, testDeps());
    // Assess
    expect(code).toBe(1);
    expect(cli.stderr()).toContain('still RUNNING');
    expect(cli.stderr()).toContain(`cutover abort ${EXECUTION_ARN}`);
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(stored).toMatchObject({ released: false, token: 7 });
  });

  it('refuses a live lease of an owner Step Functions does not know (a local run) until it expires', async () => {
    stored = lease({ owner: 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover-local:x' });
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    const cli = captureIo();
    const code = await release([PLAN, ...REASON, ...TABLE], cli.io, testDeps());
    expect(code).toBe(1);
    expect(cli.stderr()).toContain('2026-06-01T03:00:00.000Z');
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it.each([
    ['no lease', undefined],
    ['already released', lease({ released: true })],
  ])('exits 0 with nothing to release (%s), writing nothing', async (why, item) => {
    // Prepare
    stored = item;
    const cli = captureIo();
    // Act
    const code = await release([PLAN, ...REASON, ...TABLE, '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    expect(cli.json<ReleaseResult>()).toEqual({
      released: false,
      routerArn: ROUTER_ARN,
      nothingToRelease: why,
    });
    expect(cli.stderr()).toContain('nothing to release');
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('exits 2 without --reason, before any AWS call', async () => {
    stored = lease();
    const cli = captureIo();
    const code = await release([PLAN, ...TABLE], cli.io, testDeps());
    expect(code).toBe(2);
    expect(cli.stderr()).toContain('--reason');
    expect(ddb.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
  });

  it('exits 2 for something that is neither a plan nor a router ARN', async () => {
    const cli = captureIo();
    const code = await release([`${STATE_MACHINE_ARN}x`, ...REASON, ...TABLE], cli.io, testDeps());
    expect(code).toBe(2);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('exits 3 when AWS denies reading the lease', async () => {
    ddb.on(GetCommand).rejects(awsError('AccessDeniedException', 'not authorized: dynamodb:GetItem'));
    const cli = captureIo();
    const code = await release([PLAN, ...REASON, ...TABLE], cli.io, testDeps());
    expect(code).toBe(3);
    expect(cli.stderr()).toContain('AWS denied access');
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('exits 1 when the lease changed hands between reading and taking it over', async () => {
    stored = lease();
    execution('FAILED');
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: lease() })
      .callsFake(() => ({ Item: stored }));
    // The safety net took it over in between: token 8 now.
    stored = lease({ owner: `sweeper:${EXECUTION_ARN}`, token: 8 });
    const cli = captureIo();
    const code = await release([PLAN, ...REASON, ...TABLE], cli.io, testDeps());
    expect(code).toBe(1);
    expect(cli.stderr()).toContain('changed hands');
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('still releases and records the entry when the router cannot be read', async () => {
    stored = lease({ owner: `sweeper:${EXECUTION_ARN}` });
    elb.on(DescribeListenersCommand).rejects(awsError('ListenerNotFoundException', 'listener not found'));
    const cli = captureIo();
    const code = await release([ROUTER_ARN, ...REASON, ...TABLE], cli.io, testDeps());
    expect(code).toBe(0);
    expect(stored).toMatchObject({ released: true });
    expect(auditItem()).toMatchObject({ action: 'release' });
    expect(auditItem()?.after).toBeUndefined();
    expect(cli.stdout()).toContain('could not be read');
  });
});
