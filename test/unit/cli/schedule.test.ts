import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { run as schedule } from '#cli/commands/schedule';
import { run as schedules } from '#cli/commands/schedules';
import { run as unschedule } from '#cli/commands/unschedule';
import { canonicalJson } from '#core/canonical-json';
import {
  awsError,
  captureIo,
  cutoverStack,
  PLAN,
  planDocument,
  STATE_MACHINE_ARN,
  testDeps,
  writePlan,
} from './helpers.ts';

const scheduler = mockClient(SchedulerClient);
const cfn = mockClient(CloudFormationClient);
const ROLE = 'arn:aws:iam::123456789012:role/CutoverScheduler';
const GROUP = 'cutover';
const STACK = ['--stack', 'Cutover'];

beforeEach(() => {
  scheduler.reset();
  cfn.reset();
  cfn.on(DescribeStacksCommand).resolves(
    cutoverStack({
      StateMachineArn: STATE_MACHINE_ARN,
      SchedulerGroupName: GROUP,
      SchedulerRoleArn: ROLE,
      TableName: 'cutover-table',
    }),
  );
  scheduler
    .on(CreateScheduleCommand)
    .resolves({ ScheduleArn: 'arn:aws:scheduler:ap-northeast-1:123456789012:schedule/cutover/x' });
});

describe('cutover schedule --at', () => {
  it('creates a one-time schedule in the stack group whose plan refuses to start after the window', async () => {
    // Prepare: no notAfter in the plan, so the schedule sets it
    const { notAfter: _, ...withoutDeadline } = planDocument();
    const cli = captureIo();
    // Act
    const code = await schedule(
      [
        writePlan(withoutDeadline),
        '--at',
        '2026-06-02 10:00',
        '--tz',
        'Asia/Tokyo',
        '--window',
        '2h',
        ...STACK,
        '--json',
      ],
      cli.io,
      testDeps(),
    );
    // Assess
    expect(code).toBe(0);
    const sent = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(sent).toMatchObject({
      GroupName: GROUP,
      ScheduleExpression: 'at(2026-06-02T10:00:00)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: STATE_MACHINE_ARN,
        RoleArn: ROLE,
        RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 3 },
      },
    });
    // 10:00 in Tokyo is 01:00Z; plus the 2 h window
    const input = JSON.parse(sent?.Target?.Input ?? '{}');
    expect(input.notAfter).toBe('2026-06-02T03:00:00Z');
    expect(input.name).toBe('crawler-vm-to-ecs');
    expect(cli.json()).toMatchObject({
      firesAt: '2026-06-02T01:00:00.000Z',
      notAfter: '2026-06-02T03:00:00Z',
      groupName: GROUP,
      name: 'crawler-vm-to-ecs-20260602-1000',
    });
  });

  it("keeps the plan's own notAfter when it is earlier than the window's end", async () => {
    const doc = { ...planDocument(), notAfter: '2026-06-02T01:30:00Z' };
    await schedule(
      [writePlan(doc), '--at', '2026-06-02 10:00', '--tz', 'Asia/Tokyo', ...STACK],
      captureIo().io,
      testDeps(),
    );
    const input = JSON.parse(
      scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input.Target?.Input ?? '{}',
    );
    expect(input.notAfter).toBe('2026-06-02T01:30:00Z');
  });

  it.each([
    { args: ['--at', '2026-06-02 10:00'], case: 'no --tz' },
    { args: ['--at', '2026-06-02 10:00', '--tz', 'Mars/Olympus'], case: 'an unknown time zone' },
    { args: ['--at', 'tomorrow', '--tz', 'UTC'], case: 'an unreadable time' },
    { args: ['--at', '2026-05-01 10:00', '--tz', 'UTC'], case: 'a time in the past' },
    {
      args: ['--at', '2026-06-02 10:00', '--cron', '0 10 * * ? *', '--tz', 'UTC'],
      case: 'both --at and --cron',
    },
    { args: ['--at', '2026-06-02 10:00', '--tz', 'UTC', '--window', '2d'], case: 'a window over 24h' },
  ])('exits 2 for $case and creates nothing', async ({ args }) => {
    const cli = captureIo();
    const code = await schedule([PLAN, ...args, ...STACK], cli.io, testDeps());
    expect(code).toBe(2);
    expect(scheduler.calls()).toHaveLength(0);
    expect(cfn.calls()).toHaveLength(0);
  });

  it('moves a time a DST jump skips past the gap, schedules the moved wall time, and says so', async () => {
    // Prepare: New York springs forward 2027-03-14 02:00 → 03:00, so 02:30 never happens that day
    const { notAfter: _, ...withoutDeadline } = planDocument();
    const cli = captureIo();
    // Act
    const code = await schedule(
      [
        writePlan(withoutDeadline),
        '--at',
        '2027-03-14 02:30',
        '--tz',
        'America/New_York',
        ...STACK,
        '--json',
      ],
      cli.io,
      testDeps(),
    );
    // Assess: Scheduler is handed a wall time that exists (it would skip 02:30 altogether)
    expect(code).toBe(0);
    const sent = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(sent?.ScheduleExpression).toBe('at(2027-03-14T03:30:00)');
    expect(cli.json()).toMatchObject({ firesAt: '2027-03-14T07:30:00.000Z' });
    expect(cli.stderr()).toContain(
      '2027-03-14 02:30:00 does not exist in America/New_York (a daylight-saving jump skips it); moved forward to 2027-03-14 03:30:00',
    );
  });

  it('exits 2 when a schedule of that name exists', async () => {
    scheduler.on(CreateScheduleCommand).rejects(awsError('ConflictException', 'Schedule already exists'));
    const cli = captureIo();
    const code = await schedule(
      [PLAN, '--at', '2026-06-02 10:00', '--tz', 'UTC', ...STACK],
      cli.io,
      testDeps(),
    );
    expect(code).toBe(2);
    expect(cli.stderr()).toContain('unschedule');
  });

  it('exits 3 when the scheduler refuses access', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized: scheduler:CreateSchedule'));
    const cli = captureIo();
    const code = await schedule(
      [PLAN, '--at', '2026-06-02 10:00', '--tz', 'UTC', ...STACK],
      cli.io,
      testDeps(),
    );
    expect(code).toBe(3);
  });
});

describe('cutover schedule --cron', () => {
  it('creates a recurring schedule with the plan as written (no notAfter injected)', async () => {
    // Prepare
    const cli = captureIo();
    // Act
    const code = await schedule(
      [PLAN, '--cron', '0 10 ? * TUE *', '--tz', 'Asia/Tokyo', ...STACK],
      cli.io,
      testDeps(),
    );
    // Assess
    expect(code).toBe(0);
    const sent = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(sent?.ScheduleExpression).toBe('cron(0 10 ? * TUE *)');
    expect(sent?.ActionAfterCompletion).toBeUndefined();
    expect(sent?.Target?.Input).toBe(canonicalJson(planDocument()));
    expect(sent?.Target?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 });
    expect(sent?.Name).toBe('crawler-vm-to-ecs-recurring');
  });
});

describe('cutover schedules / unschedule', () => {
  it('lists schedules with the plan and notAfter they carry', async () => {
    // Prepare
    scheduler.on(ListSchedulesCommand).resolves({ Schedules: [{ Name: 'crawler-vm-to-ecs-20260602-1000' }] });
    scheduler.on(GetScheduleCommand).resolves({
      Name: 'crawler-vm-to-ecs-20260602-1000',
      GroupName: GROUP,
      State: 'ENABLED',
      ScheduleExpression: 'at(2026-06-02T10:00:00)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      Target: {
        Arn: STATE_MACHINE_ARN,
        RoleArn: ROLE,
        Input: '{"name":"crawler-vm-to-ecs","notAfter":"2026-06-02T03:00:00Z"}',
      },
    });
    const cli = captureIo();
    // Act
    const code = await schedules([...STACK, '--json'], cli.io, testDeps());
    // Assess
    expect(code).toBe(0);
    expect(scheduler).toHaveReceivedCommandWith(ListSchedulesCommand, { GroupName: GROUP });
    expect(cli.json()).toEqual([
      {
        name: 'crawler-vm-to-ecs-20260602-1000',
        groupName: GROUP,
        state: 'ENABLED',
        expression: 'at(2026-06-02T10:00:00)',
        timeZone: 'Asia/Tokyo',
        planName: 'crawler-vm-to-ecs',
        notAfter: '2026-06-02T03:00:00Z',
        targetArn: STATE_MACHINE_ARN,
      },
    ]);
  });

  it('prints a table on a terminal', async () => {
    scheduler.on(ListSchedulesCommand).resolves({ Schedules: [] });
    const cli = captureIo();
    expect(await schedules(STACK, cli.io, testDeps())).toBe(0);
    expect(cli.stdout()).toContain('no schedules in group cutover');
  });

  it('removes a schedule by name', async () => {
    scheduler.on(DeleteScheduleCommand).resolves({});
    const code = await unschedule(['crawler-vm-to-ecs-recurring', ...STACK], captureIo().io, testDeps());
    expect(code).toBe(0);
    expect(scheduler).toHaveReceivedCommandWith(DeleteScheduleCommand, {
      Name: 'crawler-vm-to-ecs-recurring',
      GroupName: GROUP,
    });
  });

  it('exits 2 for a schedule that does not exist', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(awsError('ResourceNotFoundException', 'Schedule not found'));
    const cli = captureIo();
    const code = await unschedule(['nope', ...STACK], cli.io, testDeps());
    expect(code).toBe(2);
    expect(cli.stderr()).toContain('does not exist');
  });
});
