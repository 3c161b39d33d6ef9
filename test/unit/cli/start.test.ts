import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '#cli/commands/start';
import { executionName } from '#cli/ops/execution-name';
import { canonicalJson } from '#core/canonical-json';
import {
  awsError,
  captureIo,
  cutoverStack,
  describedExecution,
  executionArnOf,
  PLAN,
  planDocument,
  STATE_MACHINE_ARN,
  testDeps,
  writePlan,
} from './helpers.ts';
import { HistoryBuilder } from './sfn-fixtures.ts';

const sfn = mockClient(SFNClient);
const cfn = mockClient(CloudFormationClient);

const INPUT = canonicalJson(planDocument());
const NAME = executionName('crawler-vm-to-ecs', INPUT);
const EXECUTION_ARN = executionArnOf(NAME);
const FLAGS = ['--state-machine-arn', STATE_MACHINE_ARN];

const execution = (status: ExecutionStatus, extra: Partial<DescribeExecutionCommandOutput> = {}) =>
  describedExecution(EXECUTION_ARN, status, { startDate: new Date('2026-06-01T00:30:00Z'), ...extra });

beforeEach(() => {
  sfn.reset();
  cfn.reset();
});

describe('cutover start', () => {
  it('starts the plan under its deterministic name with the plan document as input', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
    const cli = captureIo();
    // Act
    const code = await run([PLAN, ...FLAGS, '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: STATE_MACHINE_ARN,
      name: NAME,
      input: INPUT,
    });
    expect(cli.json()).toEqual({
      start: 'started',
      executionArn: EXECUTION_ARN,
      executionName: NAME,
      stateMachineArn: STATE_MACHINE_ARN,
      planName: 'crawler-vm-to-ecs',
      execution: null,
    });
  });

  it('attaches to the running execution of the same plan instead of starting a second one', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).resolves(execution('RUNNING'));
    const cli = captureIo();
    // Act
    const code = await run([PLAN, ...FLAGS, '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
    expect(cli.json()).toMatchObject({ start: 'attached', executionArn: EXECUTION_ARN });
    expect(cli.stderr()).toContain('attached to it instead of starting a second one');
  });

  it('starts a changed plan under a new name', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });
    const changed = { ...planDocument(), steps: [1, 10, 50, 100] };
    // Act
    await run([writePlan(changed), ...FLAGS], captureIo().io, testDeps());
    // Assess
    const sent = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(sent?.name).toMatch(/^crawler-vm-to-ecs-[0-9a-f]{16}$/);
    expect(sent?.name).not.toBe(NAME);
    expect(sent?.input).toBe(canonicalJson(changed));
  });

  it('reports how an already-ended execution of the plan went instead of starting it again', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).resolves(
      execution('FAILED', {
        stopDate: new Date('2026-06-01T00:50:00Z'),
        error: 'GateFailed',
        cause: 'step 2/5 halted: ecs 5XX 2.4% > 1%',
      }),
    );
    const history = new HistoryBuilder()
      .started(INPUT)
      .entered('Rollback')
      .exited('Rollback')
      .failed('GateFailed', 'x');
    sfn.on(GetExecutionHistoryCommand).resolves({ events: history.newestFirst() });
    const cli = captureIo();
    // Act
    const code = await run([PLAN, ...FLAGS, '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(1);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
    expect(cli.json()).toMatchObject({
      start: 'already_ended',
      execution: { status: 'FAILED', outcome: 'rolled_back', error: 'GateFailed' },
    });
    expect(cli.stderr()).toContain('not started again');
  });

  it('attaches when another caller starts the same execution between describe and start', async () => {
    // Prepare
    sfn
      .on(DescribeExecutionCommand)
      .rejectsOnce(awsError('ExecutionDoesNotExist'))
      .resolves(execution('RUNNING'));
    sfn.on(StartExecutionCommand).rejects(awsError('ExecutionAlreadyExists'));
    const cli = captureIo();
    // Act
    const code = await run([PLAN, ...FLAGS, '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    expect(cli.json()).toMatchObject({ start: 'attached' });
  });

  it('refuses an invalid plan with exit 2 and sends nothing to AWS', async () => {
    // Prepare
    const broken = writePlan({ ...planDocument(), steps: [50, 5, 100] });
    const cli = captureIo();
    // Act
    const code = await run([broken, ...FLAGS], cli.io, testDeps());
    // Assess
    expect(code).toBe(2);
    expect(sfn.calls()).toHaveLength(0);
    expect(cli.stderr()).toMatch(/steps/);
    expect(cli.stderr()).toContain('nothing was sent to AWS');
  });

  it('refuses a stale plan (notAfter passed) with exit 2', async () => {
    const stale = writePlan({ ...planDocument(), notAfter: '2026-05-01T00:00:00Z' });
    const cli = captureIo();
    const code = await run([stale, ...FLAGS], cli.io, testDeps());
    expect(code).toBe(2);
    expect(sfn.calls()).toHaveLength(0);
    expect(cli.stderr()).toContain('stale');
  });

  it.each([
    { flags: ['--wat'], case: 'an unknown flag' },
    { flags: ['--state-machine-arn', 'arn:aws:lambda:x'], case: 'a malformed state machine ARN' },
  ])('exits 2 for $case without calling AWS', async ({ flags }) => {
    const cli = captureIo();
    const code = await run([PLAN, ...flags], cli.io, testDeps());
    expect(code).toBe(2);
    expect(sfn.calls()).toHaveLength(0);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
  });

  it.each([
    {
      error: awsError('CredentialsProviderError', 'Could not load credentials from any providers'),
      check: 'AWS_PROFILE',
    },
    {
      error: awsError('AccessDeniedException', 'not authorized to perform: states:DescribeExecution'),
      check: 'IAM',
    },
    {
      error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      check: 'AWS_ENDPOINT_URL',
    },
  ])('exits 3 with one line naming what to check ($check)', async ({ error, check }) => {
    // Prepare
    sfn.on(DescribeExecutionCommand).rejects(error);
    const cli = captureIo();
    // Act
    const code = await run([PLAN, ...FLAGS], cli.io, testDeps());
    // Assess
    expect(code).toBe(3);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
    expect(cli.stderr()).toContain(check);
  });

  it('finds the state machine in the stack outputs (CUTOVER_STACK)', async () => {
    // Prepare
    cfn.on(DescribeStacksCommand).resolves(cutoverStack({ StateMachineArn: STATE_MACHINE_ARN }));
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
    // Act
    const code = await run([PLAN], captureIo({ env: { CUTOVER_STACK: 'Cutover' } }).io, testDeps());
    // Assess
    expect(code).toBe(0);
    expect(cfn).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'Cutover' });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { stateMachineArn: STATE_MACHINE_ARN });
  });

  it('reads the default stack Cutover when no deployment is named (as `cdk deploy` names it)', async () => {
    // Prepare
    cfn.on(DescribeStacksCommand).resolves(cutoverStack({ StateMachineArn: STATE_MACHINE_ARN }));
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
    // Act
    const code = await run([PLAN], captureIo().io, testDeps());
    // Assess
    expect(code).toBe(0);
    expect(cfn).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'Cutover' });
  });

  it('exits 3 when the stack does not exist', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id Nope does not exist'));
    const cli = captureIo();
    const code = await run([PLAN, '--stack', 'Nope'], cli.io, testDeps());
    expect(code).toBe(3);
    expect(cli.stderr()).toContain('--stack');
  });
});

describe('cutover start --wait', () => {
  function startsThen(...descriptions: ReturnType<typeof execution>[]) {
    let describe = sfn.on(DescribeExecutionCommand).rejectsOnce(awsError('ExecutionDoesNotExist'));
    for (const d of descriptions.slice(0, -1)) describe = describe.resolvesOnce(d);
    describe.resolves(descriptions.at(-1) as ReturnType<typeof execution>);
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
  }

  it('follows to success with plain progress lines and exits 0', async () => {
    // Prepare
    startsThen(execution('RUNNING'), execution('SUCCEEDED', { stopDate: new Date('2026-06-01T02:00:00Z') }));
    const history = new HistoryBuilder()
      .started(INPUT)
      .entered('Shift', { progress: { step: 0, decision: 'start' } })
      .exited('Shift', {
        snapshot: { weights: { vm: 100, ecs: 0, eks: 0 } },
        shift: { written: true, before: { vm: 100, ecs: 0, eks: 0 }, after: { vm: 99, ecs: 1, eks: 0 } },
      })
      .exited('EvaluateGates', { progress: { step: 0, decision: 'bake', reason: '', inconclusive: 0 } });
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: history.newestFirst() })
      .resolves({ events: history.succeeded().newestFirst() });
    const cli = captureIo({ isTTY: false });
    // Act
    const code = await run([PLAN, ...FLAGS, '--wait'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    const lines = cli.stdout().trim().split('\n');
    expect(lines.some((l) => l.includes('step 1/5') && l.includes('vm=99, ecs=1, eks=0'))).toBe(true);
    expect(lines.at(-1)).toContain('succeeded');
    expect(cli.stdout()).not.toContain('\x1b[');
  });

  it('exits 1 when the cutover rolls back, with the outcome in --json', async () => {
    // Prepare
    startsThen(
      execution('FAILED', {
        stopDate: new Date(),
        error: 'GateFailed',
        cause: 'step 3/5 halted: ecs 5XX 2.4% > 1%',
      }),
    );
    const history = new HistoryBuilder()
      .started(INPUT)
      .entered('Rollback')
      .exited('Rollback', { restored: true, flagged: [], note: '' })
      .failed('GateFailed', 'step 3/5 halted');
    sfn.on(GetExecutionHistoryCommand).resolves({ events: history.newestFirst() });
    const cli = captureIo();
    // Act
    const code = await run([PLAN, ...FLAGS, '--wait', '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(1);
    expect(cli.json()).toMatchObject({
      start: 'started',
      execution: { outcome: 'rolled_back', error: 'GateFailed', cause: 'step 3/5 halted: ecs 5XX 2.4% > 1%' },
    });
    expect(cli.stderr()).toContain('did not succeed: rolled_back');
  });

  it('exits 1 when an approval is rejected', async () => {
    startsThen(
      execution('FAILED', { stopDate: new Date(), error: 'ApprovalRejected', cause: 'rejected by alice' }),
    );
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
    const cli = captureIo();
    const code = await run([PLAN, ...FLAGS, '--wait', '--json'], cli.io, testDeps());
    expect(code).toBe(1);
    expect(cli.json()).toMatchObject({ execution: { outcome: 'rejected' } });
  });

  it('exits 3 when AWS stops answering while following', async () => {
    startsThen(execution('RUNNING'));
    sfn.on(GetExecutionHistoryCommand).rejects(awsError('ThrottlingException', 'Rate exceeded', 400));
    const cli = captureIo();
    const code = await run([PLAN, ...FLAGS, '--wait'], cli.io, testDeps());
    expect(code).toBe(3);
  });
});
