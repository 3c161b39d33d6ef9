import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { run as status } from '#cli/commands/status';
import { run as watch } from '#cli/commands/watch';
import { executionName } from '#cli/ops/execution-name';
import type { ExecutionView } from '#cli/ops/execution-view';
import { canonicalJson } from '#core/canonical-json';
import {
  awsError,
  captureIo,
  describedExecution,
  executionArnOf,
  planDocument,
  ROUTER_ARN,
  STATE_MACHINE_ARN,
  testDeps,
} from './helpers.ts';
import { HistoryBuilder } from './sfn-fixtures.ts';

const sfn = mockClient(SFNClient);
const ddb = mockClient(DynamoDBDocumentClient);

const INPUT = canonicalJson(planDocument());
const NAME = executionName('crawler-vm-to-ecs', INPUT);
const EXECUTION_ARN = executionArnOf(NAME);

const described = (status: ExecutionStatus, extra: Partial<DescribeExecutionCommandOutput> = {}) =>
  describedExecution(EXECUTION_ARN, status, extra);

/** Step 4 of 5 (50%), baking, the last poll inconclusive, then waiting for the approval of step 5. */
function bakingHistory() {
  return (
    new HistoryBuilder(new Date('2026-06-01T00:00:00Z'))
      .started(INPUT)
      .entered('Validate', { document: {} })
      .exited('Validate', { progress: { step: 0, decision: 'start' } })
      .entered('Shift', { progress: { step: 3, decision: 'nextStep', bakeStartedAt: null } }, 600)
      .exited('Shift', {
        snapshot: { weights: { vm: 100, ecs: 0, eks: 0 } },
        shift: { written: true, before: { vm: 75, ecs: 25, eks: 0 }, after: { vm: 50, ecs: 50, eks: 0 } },
      })
      .entered('EvaluateGates', { progress: { step: 3, bakeStartedAt: '2026-06-01T00:10:05Z' } }, 4)
      // EvaluateGates' result lands at $.progress (its ResultPath in the ASL).
      .exited('EvaluateGates', {
        progress: {
          step: 3,
          decision: 'bake',
          inconclusive: 1,
          reason: 'latencyP99: 12 requests < 100',
          bakeStartedAt: '2026-06-01T00:10:05Z',
        },
      })
  );
}

beforeEach(() => {
  sfn.reset();
  ddb.reset();
});

describe('cutover status', () => {
  it('shows phase, step, weights, the last gate verdict and the lease', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).resolves(described('RUNNING'));
    sfn.on(GetExecutionHistoryCommand).resolves({ events: bakingHistory().newestFirst() });
    ddb.on(GetCommand).resolves({
      Item: {
        pk: 'lease',
        sk: ROUTER_ARN,
        owner: EXECUTION_ARN,
        planName: 'crawler-vm-to-ecs',
        token: 4,
        expiresAt: Math.floor(Date.parse('2026-06-01T02:00:00Z') / 1000),
        released: false,
      },
    });
    const cli = captureIo();
    // Act
    const code = await status([EXECUTION_ARN, '--table', 'cutover-table', '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    const view = cli.json<ExecutionView>();
    expect(view).toMatchObject({
      executionArn: EXECUTION_ARN,
      planName: 'crawler-vm-to-ecs',
      status: 'RUNNING',
      outcome: 'running',
      phase: 'EvaluateGates',
      step: { index: 3, count: 5 },
      weights: { vm: 50, ecs: 50, eks: 0 },
      gates: [{ gate: 'gates', verdict: 'inconclusive', reason: 'latencyP99: 12 requests < 100' }],
      approvalWaiting: null,
      lease: { owner: EXECUTION_ARN, token: 4 },
    });
    // clock 01:00Z, bake started 00:10:05Z: 49m55s into a 10m bake, then one more 10m step
    expect(view.secondsInStep).toBe(2995);
    expect(view.secondsLeft).toBe(600);
  });

  it('finds the running execution of a plan by its name', async () => {
    // Prepare
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: `${EXECUTION_ARN}x`,
          stateMachineArn: STATE_MACHINE_ARN,
          name: 'other-plan-0123456789abcdef',
          status: 'RUNNING',
          startDate: new Date(),
        },
        {
          executionArn: EXECUTION_ARN,
          stateMachineArn: STATE_MACHINE_ARN,
          name: NAME,
          status: 'RUNNING',
          startDate: new Date(),
        },
      ],
    });
    sfn.on(DescribeExecutionCommand).resolves(described('RUNNING'));
    sfn.on(GetExecutionHistoryCommand).resolves({ events: bakingHistory().newestFirst() });
    const cli = captureIo();
    // Act
    const code = await status(
      ['crawler-vm-to-ecs', '--state-machine-arn', STATE_MACHINE_ARN],
      cli.io,
      testDeps(),
    );
    // Assess
    expect(code).toBe(0);
    expect(sfn).toHaveReceivedCommandWith(DescribeExecutionCommand, { executionArn: EXECUTION_ARN });
    expect(cli.stdout()).toContain('phase EvaluateGates');
    expect(cli.stdout()).toContain('step 4/5');
    expect(cli.stdout()).toContain('weights vm=50, ecs=50, eks=0');
  });

  it('shows a waiting approval with the command that answers it', async () => {
    sfn.on(DescribeExecutionCommand).resolves(described('RUNNING'));
    const history = bakingHistory()
      .exited('EvaluateGates', { progress: { step: 4, decision: 'nextStep', reason: '' } })
      .entered('AwaitApproval', { kind: 'approval', progress: { step: 4 } })
      .waitingForToken();
    sfn.on(GetExecutionHistoryCommand).resolves({ events: history.newestFirst() });
    const cli = captureIo();
    const code = await status([EXECUTION_ARN], cli.io, testDeps());
    expect(code).toBe(0);
    expect(cli.stdout()).toContain('approval waiting before step 5');
    expect(cli.stdout()).toContain(`cutover approve|reject ${EXECUTION_ARN}`);
  });

  it('exits 1 for a cutover that ended rolled back', async () => {
    sfn.on(DescribeExecutionCommand).resolves(
      described('FAILED', {
        stopDate: new Date('2026-06-01T00:40:00Z'),
        error: 'GateFailed',
        cause: 'ecs 5XX 2.4% > 1%',
      }),
    );
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: bakingHistory().entered('Rollback').exited('Rollback').failed('GateFailed', 'x').newestFirst(),
    });
    const cli = captureIo();
    const code = await status([EXECUTION_ARN, '--json'], cli.io, testDeps());
    expect(code).toBe(1);
    expect(cli.json()).toMatchObject({
      outcome: 'rolled_back',
      rolledBack: true,
      cause: 'ecs 5XX 2.4% > 1%',
    });
  });

  it('exits 2 for an execution that does not exist', async () => {
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    const cli = captureIo();
    expect(await status([EXECUTION_ARN], cli.io, testDeps())).toBe(2);
  });

  it('exits 2 for a plan with no execution', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    const cli = captureIo();
    const code = await status(
      ['crawler-vm-to-ecs', '--state-machine-arn', STATE_MACHINE_ARN],
      cli.io,
      testDeps(),
    );
    expect(code).toBe(2);
    expect(cli.stderr()).toContain('no running or recent execution');
  });

  it('exits 3 when AWS denies reading the execution', async () => {
    sfn.on(DescribeExecutionCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const cli = captureIo();
    expect(await status([EXECUTION_ARN], cli.io, testDeps())).toBe(3);
    expect(cli.stderr()).toContain('IAM');
  });
});

describe('cutover watch', () => {
  it('follows to the end on a non-TTY with one plain line per change, then exits with the outcome', async () => {
    // Prepare
    const history = bakingHistory();
    const baking = history.newestFirst();
    const done = history
      .exited('EvaluateGates', { progress: { step: 4, decision: 'complete', reason: '' } })
      .succeeded()
      .newestFirst();
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce(described('RUNNING'))
      .resolvesOnce(described('RUNNING'))
      .resolvesOnce(described('RUNNING'))
      .resolves(described('SUCCEEDED', { stopDate: new Date('2026-06-01T01:20:00Z') }));
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: baking })
      .resolvesOnce({ events: baking })
      .resolvesOnce({ events: baking })
      .resolves({ events: done });
    const clock = (await import('./helpers.ts')).fakeClock();
    const cli = captureIo({ isTTY: false });
    // Act
    const code = await watch([EXECUTION_ARN], cli.io, testDeps(clock));
    // Assess
    expect(code).toBe(0);
    const lines = cli.stdout().trim().split('\n');
    // three identical polls print one line; the end prints another, then the outcome
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\[2026-06-01T01:00:00Z\] step 4\/5 · vm=50, ecs=50, eks=0 · phase EvaluateGates/,
    );
    expect(lines[1]).toContain('SUCCEEDED (succeeded)');
    expect(lines[2]).toBe('cutover crawler-vm-to-ecs succeeded');
    expect(cli.stdout()).not.toContain('\x1b[');
    expect(clock.slept).toBe(15_000);
  });

  it('redraws in place on a TTY', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce(described('RUNNING'))
      .resolves(
        described('FAILED', { stopDate: new Date(), error: 'ApprovalRejected', cause: 'rejected by alice' }),
      );
    sfn.on(GetExecutionHistoryCommand).resolves({ events: bakingHistory().newestFirst() });
    const cli = captureIo({ isTTY: true });
    const code = await watch([EXECUTION_ARN], cli.io, testDeps());
    expect(code).toBe(1);
    expect(cli.stdout()).toContain('\x1b[');
    expect(cli.stdout()).toContain('did not succeed: rejected');
  });
});
