import { canonicalJson } from '#core/canonical-json';
import { parseDuration } from '#plan/index';
import {
  booleanFlag,
  type CommandSpec,
  deploymentFlags,
  jsonFlag,
  type ParsedArgs,
  runCommand,
  stringFlag,
} from '../command.ts';
import { CliFailure, toCliFailure, usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { resolveDeployment, stackOutput } from '../ops/deployment.ts';
import { defaultOpsDeps, type OpsDeps, rootOf } from '../ops/deps.ts';
import { messageStream, writeJson } from '../ops/output.ts';
import { checkPlanDocument, loadPlanInput } from '../ops/plan-input.ts';
import { scheduleGroupFlag } from '../ops/schedule-group.ts';
import {
  checkTimeZone,
  formatLocalTime,
  instantOf,
  parseLocalTime,
  scheduledLocalTime,
} from '../ops/zoned-time.ts';

export const spec: CommandSpec = {
  name: 'schedule',
  usage: 'schedule <plan> (--at <local time> | --cron <expression>) --tz <zone> [--window <duration>]',
  description: [
    "Create an EventBridge Scheduler schedule (in the stack's SchedulerGroupName, run as its",
    'SchedulerRoleArn) that starts the Cutover state machine with the plan as input. The plan is',
    'validated first (exit 2, nothing created).',
    '',
    '--at: once, at a wall-clock time in --tz (DST handled by the scheduler). The plan sent has',
    'notAfter set to --at plus --window (default 1h; an earlier notAfter in the plan is kept), so a',
    'delivery retried late is refused by the state machine instead of starting a cutover nobody',
    'watches. The schedule deletes itself after it fires.',
    '',
    '--cron: recurring, e.g. "cron(0 10 ? * TUE *)". The plan is sent as written: one notAfter cannot',
    'fit every run, so late deliveries are bounded only by the retry policy (events older than --window',
    'are dropped). A notAfter in the plan ends every later run.',
    '',
    'Flexible time window OFF; retries bounded (at most 3, within --window).',
  ].join('\n'),
  flags: {
    at: {
      type: 'string',
      placeholder: 'YYYY-MM-DD HH:MM',
      description: 'one-time start, local time in --tz',
    },
    cron: {
      type: 'string',
      placeholder: 'expression',
      description: 'recurring start: cron(min hour dom month dow year)',
    },
    tz: {
      type: 'string',
      placeholder: 'zone',
      description: 'IANA time zone of --at / --cron, e.g. Asia/Tokyo',
    },
    window: {
      type: 'string',
      placeholder: 'duration',
      description: 'how late a start may still happen (1m–24h, default 1h)',
    },
    name: {
      type: 'string',
      placeholder: 'name',
      description: 'schedule name (default <plan>-<YYYYMMDD-HHMM> or <plan>-recurring)',
    },
    ...scheduleGroupFlag,
    'role-arn': {
      type: 'string',
      placeholder: 'arn',
      description: 'role the scheduler assumes (default: stack output SchedulerRoleArn)',
    },
    ...jsonFlag,
    ...deploymentFlags,
  },
  positionals: { min: 1, max: 1, names: '<plan>' },
};

const SCHEDULE_NAME = /^[0-9a-zA-Z_.-]{1,64}$/;
const CRON = /^cron\((\S+\s+){5}\S+\)$/;
/** EventBridge Scheduler's RetryPolicy.MaximumEventAgeInSeconds range. */
const MIN_WINDOW = 60;
const MAX_WINDOW = 86_400;
const MAX_RETRIES = 3;

export interface ScheduleResult {
  readonly name: string;
  readonly groupName: string;
  readonly scheduleArn: string;
  readonly expression: string;
  readonly timeZone: string;
  readonly planName: string;
  /** The instant a one-time schedule fires; null for cron. */
  readonly firesAt: string | null;
  /** The notAfter in the input sent (injected for --at). */
  readonly notAfter: string | null;
  readonly windowSeconds: number;
}

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const json = booleanFlag(args, 'json');
    const when = readWhen(args);
    const windowSeconds = readWindow(args);
    const path = args.positionals[0] as string;
    const now = deps.clock.now();
    const { document, plan } = await loadPlanInput(path, io, when.kind === 'cron' ? { now } : {});
    let input: string;
    let notAfter: string | null = plan.notAfter ?? null;
    let firesAt: Date | null = null;
    if (when.kind === 'at') {
      firesAt = instantOf(when.local, when.zone);
      if (firesAt.getTime() <= now.getTime()) {
        throw usageFailure(`--at: ${firesAt.toISOString()} is in the past (now ${now.toISOString()})`);
      }
      const deadline = new Date(firesAt.getTime() + windowSeconds * 1000);
      if (plan.notAfter !== undefined && Date.parse(plan.notAfter) < firesAt.getTime()) {
        throw usageFailure(
          `plan ${path}: notAfter ${plan.notAfter} is before the scheduled start ${firesAt.toISOString()}; the cutover would be refused — move notAfter or drop it`,
        );
      }
      if (plan.notAfter === undefined || Date.parse(plan.notAfter) > deadline.getTime()) {
        notAfter = deadline.toISOString().replace(/\.000Z$/, 'Z');
      }
      const withDeadline = { ...(document as Record<string, unknown>), notAfter };
      input = checkPlanDocument(withDeadline, path, { now: firesAt }).input;
    } else {
      input = canonicalJson(document);
    }
    const deployment = await resolveDeployment(args, io, deps, {
      outputs: [
        ...(stringFlag(args, 'group') ? [] : ['SchedulerGroupName']),
        ...(stringFlag(args, 'role-arn') ? [] : ['SchedulerRoleArn']),
      ],
    });
    const groupName =
      stringFlag(args, 'group') ?? (stackOutput(deployment.outputs, 'SchedulerGroupName') as string);
    const roleArn =
      stringFlag(args, 'role-arn') ?? (stackOutput(deployment.outputs, 'SchedulerRoleArn') as string);
    const name =
      stringFlag(args, 'name') ??
      `${plan.name.slice(0, 50)}-${when.kind === 'at' ? formatLocalTime(when.local).slice(0, 16).replace(/[-:]/g, '').replace('T', '-') : 'recurring'}`;
    if (!SCHEDULE_NAME.test(name)) {
      throw usageFailure(`--name: '${name}' is not a schedule name; allowed 1–64 of A-Z a-z 0-9 - _ .`);
    }
    const expression = when.kind === 'at' ? `at(${formatLocalTime(when.local)})` : when.expression;
    const scheduler = rootOf(deps).schedules(deployment.region);
    let scheduleArn: string;
    try {
      scheduleArn = await scheduler.create({
        name,
        groupName,
        expression,
        timeZone: when.zone,
        stateMachineArn: deployment.stateMachineArn,
        roleArn,
        input,
        maxEventAgeSeconds: windowSeconds,
        maxRetryAttempts: MAX_RETRIES,
        description: `cutover plan ${plan.name}`,
        deleteAfterCompletion: when.kind === 'at',
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'ConflictException') {
        throw new CliFailure(
          ExitCode.InvalidInput,
          `schedule ${groupName}/${name}: already exists; remove it (cutover unschedule ${name}) or pass --name`,
        );
      }
      throw toCliFailure(error, `creating schedule ${groupName}/${name}`);
    }
    const say = messageStream(io, json);
    if (when.kind === 'at' && when.note) say.write(`note: ${when.note}\n`);
    say.write(
      when.kind === 'at'
        ? `scheduled plan ${plan.name} once at ${formatLocalTime(when.local).replace('T', ' ')} ${when.zone} (${firesAt?.toISOString()}); refused after ${notAfter} — schedule ${groupName}/${name}\n`
        : `scheduled plan ${plan.name} on ${expression} ${when.zone}; deliveries older than ${windowSeconds}s are dropped${plan.notAfter ? `; no run starts after the plan's notAfter ${plan.notAfter}` : ''} — schedule ${groupName}/${name}\n`,
    );
    if (json) {
      const result: ScheduleResult = {
        name,
        groupName,
        scheduleArn,
        expression,
        timeZone: when.zone,
        planName: plan.name,
        firesAt: firesAt?.toISOString() ?? null,
        notAfter,
        windowSeconds,
      };
      writeJson(io, result);
    }
    return ExitCode.Ok;
  });
}

type When =
  | {
      readonly kind: 'at';
      readonly local: ReturnType<typeof parseLocalTime>;
      readonly zone: string;
      readonly note?: string;
    }
  | { readonly kind: 'cron'; readonly expression: string; readonly zone: string };

function readWhen(args: ParsedArgs): When {
  const at = stringFlag(args, 'at');
  const cron = stringFlag(args, 'cron');
  const tz = stringFlag(args, 'tz');
  if ((at === undefined) === (cron === undefined)) {
    throw usageFailure(
      'pass exactly one of --at <YYYY-MM-DD HH:MM> (once) or --cron <expression> (recurring)',
    );
  }
  if (tz === undefined)
    throw usageFailure('--tz <zone> is required (an IANA zone such as Asia/Tokyo or UTC)');
  const zone = checkTimeZone(tz);
  if (at !== undefined) {
    // A time a DST jump skips moves past the gap here, so Scheduler gets a wall time that exists.
    const scheduled = scheduledLocalTime(parseLocalTime(at), zone);
    return { kind: 'at', local: scheduled.local, zone, ...(scheduled.note ? { note: scheduled.note } : {}) };
  }
  const expression = (cron as string).trim().startsWith('cron(')
    ? (cron as string).trim()
    : `cron(${(cron as string).trim()})`;
  if (!CRON.test(expression)) {
    throw usageFailure(
      `--cron: '${cron}' is not a Scheduler cron expression; expected six fields, e.g. cron(0 10 ? * TUE *)`,
    );
  }
  return { kind: 'cron', expression, zone };
}

function readWindow(args: ParsedArgs): number {
  const text = stringFlag(args, 'window') ?? '1h';
  let seconds: number;
  try {
    seconds = parseDuration(text);
  } catch (error) {
    throw usageFailure(`--window: ${(error as Error).message}`);
  }
  if (seconds < MIN_WINDOW || seconds > MAX_WINDOW) {
    throw usageFailure(
      `--window: ${text} is out of range; allowed 1m to 24h (EventBridge Scheduler's event age)`,
    );
  }
  return seconds;
}
