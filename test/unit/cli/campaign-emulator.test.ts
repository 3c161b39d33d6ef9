import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '#aws/clients';
import { DynamoDbLeaseStore } from '#aws/dynamodb-lease-store';
import type { CampaignExecutionInput } from '#campaign/stages';
import { resolvePlan } from '#plan/resolve';
import { AwsEmulator } from './aws-emulator.ts';
import { CALLER_ARN, REPO, STATE_MACHINE_ARN } from './helpers.ts';

const run = promisify(execFile);
const CAMPAIGN_MACHINE = 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:CutoverCampaign';
const TABLE = 'Cutover-Table';
const CAMPAIGN = join(REPO, 'examples', 'campaigns', 'crawler-fleet.yaml');

describe('cutover campaign start|status|abort against an AWS endpoint (AWS_ENDPOINT_URL)', () => {
  const emulator = new AwsEmulator({ tableName: TABLE, callerArn: CALLER_ARN });
  let endpoint = '';
  beforeAll(async () => {
    endpoint = await emulator.listen();
  });
  afterAll(() => emulator.close());

  const cutover = async (...args: string[]) => {
    const out = await run(
      process.execPath,
      [
        join(REPO, 'cli', 'bin.js'),
        'campaign',
        ...args,
        '--state-machine-arn',
        STATE_MACHINE_ARN,
        '--campaign-state-machine-arn',
        CAMPAIGN_MACHINE,
        '--table',
        TABLE,
        '--json',
      ],
      {
        cwd: REPO,
        env: {
          PATH: process.env.PATH ?? '',
          AWS_ENDPOINT_URL: endpoint,
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'emulator-secret',
          AWS_REGION: 'ap-northeast-1',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
    );
    return JSON.parse(out.stdout) as Record<string, unknown>;
  };

  it('starts one campaign execution for two starts, shows each child, and aborts through the leases', async () => {
    // Act: the same campaign started twice (a re-run pipeline)
    const first = await cutover('start', CAMPAIGN);
    const second = await cutover('start', CAMPAIGN);
    // Assess: one execution, the second attached to it
    expect(emulator.calls.filter((c) => c === 'StartExecution')).toHaveLength(1);
    expect(first.start).toBe('started');
    expect(second.start).toBe('attached');
    expect(second.executionArn).toBe(first.executionArn);
    expect(String(first.executionName)).toMatch(/^crawler-fleet-[0-9a-f]{16}$/);

    // Prepare: the campaign state machine has run stage 1 partly: one child succeeded, one runs with its lease
    const campaignArn = String(first.executionArn);
    const input = JSON.parse(emulator.executions.get(campaignArn)?.input ?? '{}') as CampaignExecutionInput;
    const [done, runningService] = input.stages[0] ?? [];
    if (!done || !runningService) throw new Error('stage 1 of the example has fewer than 2 services');
    emulator.addExecution(STATE_MACHINE_ARN, done.executionName, 'SUCCEEDED');
    const runningArn = emulator.addExecution(STATE_MACHINE_ARN, runningService.executionName, 'RUNNING', {
      input: JSON.stringify(runningService.plan),
    });
    const resolved = resolvePlan(runningService.plan);
    if (!resolved.ok) throw new Error('the example plan is invalid');
    const routerArn = resolved.plan.router.arn;
    const leases = new DynamoDbLeaseStore({
      client: createAwsClients({
        region: 'ap-northeast-1',
        endpoint,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'emulator-secret' },
      }).documents,
      tableName: TABLE,
    });
    await leases.acquire({
      routerArn,
      owner: runningArn,
      planName: resolved.plan.name,
      ttlSeconds: 900,
      now: new Date(),
    });

    // Act: status by campaign name
    const status = (await cutover('status', 'crawler-fleet')) as {
      outcome: string;
      stages: { state: string; services: { name: string; state: string }[] }[];
    };
    // Assess
    expect(status.outcome).toBe('running');
    expect(status.stages[0]?.state).toBe('running');
    const states = new Map(status.stages.flatMap((s) => s.services).map((s) => [s.name, s.state]));
    expect(states.get(done.name)).toBe('succeeded');
    expect(states.get(runningService.name)).toBe('running');
    expect(status.stages.at(-1)?.state).toBe('waiting');

    // Act: abort (graceful)
    const aborted = (await cutover('abort', campaignArn, '--reason', 'pager')) as {
      abort: string;
      children: { service: string; abort: string }[];
      request: { by: string };
    };
    // Assess: the running child is asked through its lease (not stopped), the campaign item is written
    expect(aborted.abort).toBe('requested');
    expect(aborted.children).toEqual([
      expect.objectContaining({ service: runningService.name, abort: 'requested' }),
    ]);
    expect(aborted.request.by).toBe(CALLER_ARN);
    const lease = await leases.read(routerArn);
    expect(lease?.abortRequested).toMatchObject({ by: CALLER_ARN, reason: 'pager' });
    expect(emulator.executions.get(runningArn)?.status).toBe('RUNNING');
    expect(emulator.executions.get(campaignArn)?.status).toBe('RUNNING');
    const after = (await cutover('status', campaignArn)) as {
      abortRequested?: { by: string; reason: string };
    };
    expect(after.abortRequested).toMatchObject({ by: CALLER_ARN, reason: 'pager' });
  }, 120_000);

  it('refuses to abort a campaign that has ended (exit 2), writing nothing', async () => {
    // Prepare
    const ended = emulator.addExecution(CAMPAIGN_MACHINE, 'crawler-fleet-00000000000000aa', 'FAILED', {
      input: JSON.stringify({ campaign: 'crawler-fleet', stages: [] }),
      error: 'CampaignHalted',
    });
    const writesBefore = emulator.calls.filter((c) => c === 'PutItem' || c === 'UpdateItem').length;
    // Act
    const failure = await cutover('abort', ended).catch((error: { code: number; stderr: string }) => error);
    // Assess
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('already ended FAILED (CampaignHalted)');
    expect(emulator.calls.filter((c) => c === 'PutItem' || c === 'UpdateItem')).toHaveLength(writesBefore);
  }, 60_000);
});
