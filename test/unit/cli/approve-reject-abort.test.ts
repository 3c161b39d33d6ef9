import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { run as abort } from '#cli/commands/abort';
import { run as approve } from '#cli/commands/approve';
import { run as reject } from '#cli/commands/reject';
import {
  awsError,
  CALLER_ARN,
  captureIo,
  describedExecution,
  EXECUTION_ARN,
  leaseItem,
  ROUTER_ARN,
  testDeps,
} from './helpers.ts';

const sfn = mockClient(SFNClient);
const sts = mockClient(STSClient);
const ddb = mockClient(DynamoDBDocumentClient);

const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAfake-task-token-secret';
const TABLE = ['--table', 'cutover-table'];

const running = (status: 'RUNNING' | 'SUCCEEDED' = 'RUNNING') => describedExecution(EXECUTION_ARN, status);
const lease = (extra: Record<string, unknown> = {}) => leaseItem(EXECUTION_ARN, extra);

const waitingApproval = { approval: { taskToken: TOKEN, step: 3, requestedAt: '2026-06-01T00:50:00Z' } };

beforeEach(() => {
  sfn.reset();
  sts.reset();
  ddb.reset();
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Arn: CALLER_ARN, Account: '123456789012', UserId: 'AROAEXAMPLE:alice' });
  sfn.on(DescribeExecutionCommand).resolves(running());
  ddb.on(PutCommand).resolves({});
});

describe('cutover approve', () => {
  it('answers the waiting approval with who and why, and records it in the audit log', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: lease(waitingApproval) });
    sfn.on(SendTaskSuccessCommand).resolves({});
    const cli = captureIo();
    // Act
    const code = await approve(
      [EXECUTION_ARN, '--reason', 'dashboards green', ...TABLE, '--json'],
      cli.io,
      testDeps(),
    );
    // Assess
    expect(code).toBe(0);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { Key: { pk: 'lease', sk: ROUTER_ARN } });
    const sent = sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input;
    expect(sent?.taskToken).toBe(TOKEN);
    expect(JSON.parse(sent?.output ?? '{}')).toEqual({
      approved: true,
      by: CALLER_ARN,
      reason: 'dashboards green',
    });
    const audit = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(audit).toMatchObject({ action: 'approve', who: CALLER_ARN, reason: 'dashboards green' });
    expect(cli.json()).toMatchObject({
      decision: 'approved',
      step: 3,
      by: CALLER_ARN,
      executionArn: EXECUTION_ARN,
    });
  });

  it('never prints the task token', async () => {
    ddb.on(GetCommand).resolves({ Item: lease(waitingApproval) });
    sfn.on(SendTaskSuccessCommand).resolves({});
    const cli = captureIo();
    await approve([EXECUTION_ARN, ...TABLE], cli.io, testDeps());
    expect(cli.stdout() + cli.stderr()).not.toContain(TOKEN);
    expect(cli.stdout()).toContain('approved step 4/5');
  });

  it('exits 2 when the execution is not waiting for an approval, sending nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: lease() });
    const cli = captureIo();
    const code = await approve([EXECUTION_ARN, ...TABLE], cli.io, testDeps());
    expect(code).toBe(2);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    expect(cli.stderr()).toContain('not waiting for an approval');
  });

  it('exits 2 when the execution has already ended', async () => {
    sfn.on(DescribeExecutionCommand).resolves(running('SUCCEEDED'));
    const cli = captureIo();
    const code = await approve([EXECUTION_ARN, ...TABLE], cli.io, testDeps());
    expect(code).toBe(2);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('exits 1 when the approval timed out before the answer arrived', async () => {
    ddb.on(GetCommand).resolves({ Item: lease(waitingApproval) });
    sfn.on(SendTaskSuccessCommand).rejects(awsError('TaskTimedOut'));
    const cli = captureIo();
    const code = await approve([EXECUTION_ARN, ...TABLE], cli.io, testDeps());
    expect(code).toBe(1);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(cli.stderr()).toContain('no longer waiting');
  });

  it('exits 3 when the caller may not answer tasks', async () => {
    ddb.on(GetCommand).resolves({ Item: lease(waitingApproval) });
    sfn
      .on(SendTaskSuccessCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized: states:SendTaskSuccess'));
    const cli = captureIo();
    const code = await approve([EXECUTION_ARN, ...TABLE], cli.io, testDeps());
    expect(code).toBe(3);
    expect(cli.stderr()).not.toContain(TOKEN);
  });

  it('exits 2 without a table to read the lease from', async () => {
    const cli = captureIo();
    const code = await approve([EXECUTION_ARN], cli.io, testDeps());
    expect(code).toBe(2);
    expect(cli.stderr()).toContain('--stack');
  });
});

describe('cutover reject', () => {
  it('fails the approval task with ApprovalRejected and records who and why', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: lease(waitingApproval) });
    sfn.on(SendTaskFailureCommand).resolves({});
    const cli = captureIo();
    // Act
    const code = await reject(
      [EXECUTION_ARN, '--reason', 'p99 creeping', ...TABLE, '--json'],
      cli.io,
      testDeps(),
    );
    // Assess
    expect(code).toBe(0);
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: TOKEN,
      error: 'ApprovalRejected',
      cause: `rejected by ${CALLER_ARN}: p99 creeping`,
    });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      action: 'reject',
      who: CALLER_ARN,
    });
    expect(cli.json()).toMatchObject({ decision: 'rejected', reason: 'p99 creeping' });
  });
});

describe('cutover abort', () => {
  it('asks for a graceful rollback by marking the lease abortRequested', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: lease() });
    ddb.on(UpdateCommand).callsFake((input) => ({
      Attributes: { ...lease(), abortRequested: input.ExpressionAttributeValues[':abortRequested'] },
    }));
    const cli = captureIo();
    // Act
    const code = await abort([EXECUTION_ARN, '--reason', 'pager', ...TABLE, '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    const update = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.ExpressionAttributeValues?.[':abortRequested']).toMatchObject({
      by: CALLER_ARN,
      reason: 'pager',
    });
    expect(update?.ExpressionAttributeValues?.[':token']).toBe(7);
    expect(sfn).not.toHaveReceivedCommand(StopExecutionCommand);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      action: 'abort',
      reason: 'pager',
    });
    expect(cli.json()).toMatchObject({ abort: 'requested', approvalAnswered: false });
  });

  it('answers a waiting approval with AbortRequested so the rollback does not wait for its timeout', async () => {
    ddb.on(GetCommand).resolves({ Item: lease(waitingApproval) });
    ddb.on(UpdateCommand).callsFake((input) => ({
      Attributes: {
        ...lease(waitingApproval),
        abortRequested: input.ExpressionAttributeValues[':abortRequested'],
      },
    }));
    sfn.on(SendTaskFailureCommand).resolves({});
    const cli = captureIo();
    const code = await abort([EXECUTION_ARN, ...TABLE, '--json'], cli.io, testDeps());
    expect(code).toBe(0);
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: TOKEN,
      error: 'AbortRequested',
    });
    expect(cli.json()).toMatchObject({ approvalAnswered: true });
  });

  it('exits 1 when the lease changed hands (the safety net took over)', async () => {
    ddb.on(GetCommand).resolves({ Item: lease() });
    ddb.on(UpdateCommand).rejects(awsError('ConditionalCheckFailedException'));
    const cli = captureIo();
    const code = await abort([EXECUTION_ARN, ...TABLE], cli.io, testDeps());
    expect(code).toBe(1);
    expect(cli.stderr()).toContain('safety net');
  });

  it('exits 2 when the execution holds no lease yet, pointing at --force', async () => {
    ddb.on(GetCommand).resolves({});
    const cli = captureIo();
    const code = await abort([EXECUTION_ARN, ...TABLE], cli.io, testDeps());
    expect(code).toBe(2);
    expect(cli.stderr()).toContain('--force');
  });

  it('--force stops the execution and says the safety net restores the snapshot', async () => {
    // Prepare
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    const cli = captureIo();
    // Act
    const code = await abort([EXECUTION_ARN, '--force', '--reason', 'stuck', ...TABLE], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    expect(sfn).toHaveReceivedCommandWith(StopExecutionCommand, {
      executionArn: EXECUTION_ARN,
      error: 'AbortRequested',
      cause: `stopped by ${CALLER_ARN}: stuck`,
    });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(cli.stdout()).toContain('safety net');
    expect(cli.stdout()).toContain('restores');
  });

  it('--force works without a table (no audit record, said so)', async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    const cli = captureIo();
    const code = await abort([EXECUTION_ARN, '--force'], cli.io, testDeps());
    expect(code).toBe(0);
    expect(ddb.calls()).toHaveLength(0);
    expect(cli.stdout()).toContain('not in the audit log');
  });
});
