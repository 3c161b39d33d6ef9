import { createInterface } from 'node:readline/promises';
import { type AwsClients, type ClientOptions, type ClientPlugin, createAwsClients } from '#aws/clients';
import { ErrorName } from '#core/errors';
import { formatWeights, type Weights } from '#core/weights';
import { runLocalExecution, type StoppableClock } from '#local/executor';
import { loadPlanFile } from '#local/rehearsal/load-plan';
import { inProcessTablePlugin } from '#local/sandbox/in-process-table';
import { SANDBOX_CLIENT_OPTIONS } from '#local/sandbox/index';
import type { ResolvedPlan } from '#plan/types';
import { systemClock } from '#ports/clock';
import { type CutoverDeps, createCutoverDeps } from '#runtime/deps';
import { silentLogger } from '#runtime/logger';
import {
  booleanFlag,
  type CommandSpec,
  jsonFlag,
  type ParsedArgs,
  runCommand,
  stringFlag,
} from '../command.ts';
import { usageFailure } from '../failure.ts';
import { type CliIo, ExitCode } from '../io.ts';
import {
  apiCallCounter,
  type RecordedEvent,
  recordingEventSink,
  recordingGateFailures,
  summarizeLocalRun,
  unpublishedMetrics,
} from '../ops/local-run-summary.ts';
import { messageStream, writeJson } from '../ops/output.ts';
import { terminalProgress } from '../ops/terminal-progress.ts';

export const spec: CommandSpec = {
  name: 'run',
  usage: 'run <plan> --local (--lease-table <table> | --no-lease) [--event-bus <bus>] [--json]',
  description: [
    'Runs a cutover from this machine against real AWS: the same state machine (local executor), the same',
    'handlers and adapters as the deployed stack, before you deploy it. Credentials come from the default',
    "provider chain (AWS_PROFILE, environment, SSO, instance role); the region from the plan's router ARN;",
    'AWS_ENDPOINT_URL is honoured (an emulator). Waits are real: a plan with 50 minutes of bake takes 50',
    'minutes, and this terminal must stay open — Ctrl-C once asks for a graceful rollback.',
  ].join('\n'),
  flags: {
    local: {
      type: 'boolean',
      description: 'required: run here, not on the deployed state machine (that is `cutover start`)',
    },
    'lease-table': {
      type: 'string',
      placeholder: 'name',
      description: [
        'the DynamoDB table (pk/sk strings) holding the router lease, so no other cutover',
        'writes the same listener or rule at the same time',
      ].join('\n'),
    },
    'no-lease': {
      type: 'boolean',
      description: [
        'no shared lease: an in-process one that does NOT protect against other writers',
        '(a second terminal, a pipeline, the deployed stack); audit records are not kept',
      ].join('\n'),
    },
    'event-bus': {
      type: 'string',
      placeholder: 'name',
      description: 'EventBridge bus for the cutover events (default: default)',
    },
    ...jsonFlag,
  },
  positionals: { min: 1, max: 1, names: 'one plan file' },
  notes: [
    'Approvals are asked on this terminal; with stdin not a terminal, a plan that needs approvals is',
    'refused before anything is written (run it from a terminal, or deploy and use cutover start/approve).',
  ].join('\n'),
  exitCodes: [
    '0 succeeded · 1 did not succeed (rolled back, paused, rejected, failed) · 2 invalid plan or',
    '            flags · 3 environment (credentials, access denied, AWS unreachable)',
  ].join('\n'),
};

/** The terminal the run asks on; injectable so tests need no TTY. */
export interface RunIo extends CliIo {
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /**
   * Where AWS is: default, the SDK's credential chain and endpoints (AWS_ENDPOINT_URL) on the wall
   * clock. Tests put an emulator here (client options that answer requests) and a virtual clock.
   */
  readonly aws?: { readonly clientOptions: Omit<ClientOptions, 'region'>; readonly clock: StoppableClock };
}

/** An invalid plan is exit 2 with every problem listed (runCommand prints them); AWS failures exit 3. */
export function run(argv: readonly string[], io: RunIo): Promise<number> {
  return runCommand(spec, argv, io, (args) => {
    const refusal = checkFlags({
      local: booleanFlag(args, 'local'),
      'lease-table': stringFlag(args, 'lease-table'),
      'no-lease': booleanFlag(args, 'no-lease'),
    });
    if (refusal !== undefined) throw usageFailure(refusal);
    return runLocally(args.positionals[0] as string, args, io);
  });
}

async function runLocally(file: string, args: ParsedArgs, io: RunIo): Promise<number> {
  const { plan, document } = await loadPlanFile(file, io.cwd);
  const stdin = io.stdin ?? process.stdin;
  const interactive = stdin.isTTY === true;
  if (plan.approval !== undefined && !interactive) throw noOneToApprove(plan);

  const json = booleanFlag(args, 'json');
  const out = messageStream(io, json);
  const clock = io.aws?.clock ?? systemClock;
  const leaseTable = stringFlag(args, 'lease-table');
  const tableName = leaseTable ?? 'cutover-in-process';
  if (leaseTable === undefined) {
    io.stderr.write(
      'cutover run: WARNING --no-lease: the lease lives in this process only; it does NOT stop another cutover, a pipeline ' +
        'or the deployed stack from writing the same router at the same time, and no audit record is kept\n',
    );
  }
  const counter = apiCallCounter();
  const events: RecordedEvent[] = [];
  const deps = localDeps(plan, {
    tableName,
    inProcessTable: leaseTable === undefined,
    eventBusName: stringFlag(args, 'event-bus') ?? 'default',
    clientOptions: io.aws?.clientOptions ?? {},
    counter: counter.plugin,
    clock,
  });
  const gateFailures: string[] = [];
  const recorded = {
    ...deps,
    events: recordingEventSink(deps.events, clock, events),
    metrics: recordingGateFailures(deps.metrics, gateFailures),
  };
  const startedAt = clock.now();
  const executionArn = `arn:aws:states:${plan.router.region}:${plan.router.accountId}:execution:cutover-local:${plan.name}-${startedAt.toISOString().replace(/[-:.]/g, '').slice(0, 15)}`;
  const ask = interactive ? terminalQuestions(stdin, out, json ? process.stderr : process.stdout) : undefined;
  out.write(
    `running ${plan.name} from ${file} against AWS in ${plan.router.region} (${plan.router.kind} ${plan.router.arn})\n`,
  );
  out.write(`execution ${executionArn}; Ctrl-C once rolls back gracefully at the next gate poll\n`);
  // Each state entered is a line of record; the approval prompts share the terminal, so no live area.
  const progress = terminalProgress(out, { tty: false });
  const stopAbort = onInterrupt(io, async () => {
    const lease = await deps.leases.read(plan.router.arn);
    if (lease === undefined || lease.owner !== executionArn) return false;
    await deps.leases.update(plan.router.arn, lease.token, {
      abortRequested: {
        by: `${process.env.USER ?? 'operator'} (Ctrl-C)`,
        reason: 'interrupted at the terminal',
        at: new Date().toISOString(),
      },
    });
    return true;
  });
  try {
    const result = await runLocalExecution({
      input: document,
      deps: recorded,
      clock,
      executionArn,
      onApproval: async (request) => {
        if (ask === undefined) return 'reject';
        return ask.approval(plan, request.step, request.weights, plan.approval?.timeoutSeconds ?? 0);
      },
      onPause: async (request) =>
        ask === undefined ? 'wait' : ask.pause(plan, request.step, request.weights, request.reason),
      onState: (event) => {
        if (event.type === 'entered') progress.record(`${event.at.toISOString()}  ${event.name}`);
      },
    });
    const status =
      result.status === 'SUCCEEDED'
        ? 'succeeded'
        : result.status === 'PAUSED'
          ? 'paused (weights held)'
          : `failed: ${result.error}`;
    out.write(`\noutcome: ${status}\n${result.cause ? `why: ${result.cause}\n` : ''}`);
    if (json) {
      const endedAt = clock.now();
      const apiCalls = counter.counts;
      const run = { plan: plan.name, executionArn, startedAt, endedAt, end: result };
      writeJson(io, summarizeLocalRun({ ...run, events, gateFailures, apiCalls }));
    }
    if (result.status === 'SUCCEEDED') return ExitCode.Ok;
    return result.status === 'FAILED' && failedOnEnvironment(result.error, result.cause)
      ? ExitCode.Environment
      : ExitCode.NotSucceeded;
  } finally {
    stopAbort();
    ask?.close();
  }
}

/** A plan with approvals run where stdin is not a terminal: no one could answer, so nothing runs. */
function noOneToApprove(plan: ResolvedPlan): Error {
  const steps = plan.steps
    .filter((step) => step.approval)
    .map((step) => `${step.index + 1}/${plan.steps.length}`);
  return usageFailure(
    `plan ${plan.name} asks for approval before step ${steps.join(', ')}, but stdin is not a terminal, so no one could answer; ` +
      'nothing was run — run it from a terminal, or deploy the stack and use `cutover start` then `cutover approve`',
  );
}

/** Refuses what a run must not start with; undefined when the flags are acceptable. */
export function checkFlags(values: {
  local?: boolean;
  'lease-table'?: string | undefined;
  'no-lease'?: boolean;
}): string | undefined {
  if (values.local !== true) {
    return 'only local runs are supported here: add --local to run from this machine; to run on the deployed state machine use `cutover start`';
  }
  if (values['lease-table'] !== undefined && values['no-lease'] === true) {
    return '--lease-table and --no-lease contradict each other; give one';
  }
  if (values['lease-table'] === undefined && values['no-lease'] !== true) {
    return (
      'refusing to run without a lease: another cutover could write the same router at the same time; ' +
      'give --lease-table <DynamoDB table with pk/sk string keys>, or --no-lease to accept the risk explicitly'
    );
  }
  if (values['lease-table'] === '') return '--lease-table needs a table name';
  return undefined;
}

/** Real adapters over the default credential chain; with `inProcessTable`, DynamoDB stays in this process. */
function localDeps(
  plan: ResolvedPlan,
  opts: {
    tableName: string;
    inProcessTable: boolean;
    eventBusName: string;
    clientOptions: Omit<ClientOptions, 'region'>;
    counter: ClientPlugin;
    clock: StoppableClock;
  },
): CutoverDeps {
  const cache = new Map<string, AwsClients>();
  const table = opts.inProcessTable ? inProcessTablePlugin(opts.tableName) : undefined;
  const clientsFor = (region: string): AwsClients => {
    let clients = cache.get(region);
    if (clients === undefined) {
      clients = createAwsClients({
        region,
        ...opts.clientOptions,
        plugins: [...(opts.clientOptions.plugins ?? []), opts.counter],
      });
      if (table !== undefined) {
        const local = createAwsClients({ region, ...SANDBOX_CLIENT_OPTIONS, plugins: [table] });
        clients = { ...clients, dynamoDb: local.dynamoDb, documents: local.documents };
      }
      cache.set(region, clients);
    }
    return clients;
  };
  return createCutoverDeps({
    clientsFor,
    tableName: opts.tableName,
    eventBusName: opts.eventBusName,
    clock: opts.clock,
    homeRegion: plan.router.region,
    logger: silentLogger,
    metrics: unpublishedMetrics,
  });
}

/** Credentials, access and reachability problems: exit 3, the environment needs fixing, not the plan. */
function failedOnEnvironment(error: string | undefined, cause: string | undefined): boolean {
  if (error === ErrorName.AwsRejected)
    return /access denied|not authorized|credential|token/i.test(cause ?? '');
  if (error === ErrorName.AwsTransient)
    return /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|TimeoutError/i.test(cause ?? '');
  return /CredentialsProviderError|Could not load credentials/i.test(`${error} ${cause}`);
}

interface TerminalQuestions {
  approval(
    plan: ResolvedPlan,
    step: number,
    weights: Weights,
    timeoutSeconds: number,
  ): Promise<'approve' | 'reject' | 'timeout'>;
  pause(
    plan: ResolvedPlan,
    step: number,
    weights: Weights,
    reason: string,
  ): Promise<'wait' | 'resume' | 'rollback'>;
  close(): void;
}

/** Questions on the terminal; under --json they go to stderr, so stdout keeps only the summary. */
function terminalQuestions(
  stdin: NodeJS.ReadableStream,
  out: { write(text: string): void },
  prompts: NodeJS.WritableStream,
): TerminalQuestions {
  const rl = createInterface({ input: stdin, output: prompts, terminal: true });
  return {
    approval: async (plan, step, weights, timeoutSeconds) => {
      const question = `\napprove step ${step + 1}/${plan.steps.length} (${formatWeights(weights)})? [yes/no] `;
      const timer = new AbortController();
      const timeout = setTimeout(() => timer.abort(), timeoutSeconds * 1000);
      try {
        const answer = (await rl.question(question, { signal: timer.signal })).trim().toLowerCase();
        return answer === 'y' || answer === 'yes' ? 'approve' : 'reject';
      } catch {
        out.write(`\nno answer within ${timeoutSeconds} s: approval timed out\n`);
        return 'timeout';
      } finally {
        clearTimeout(timeout);
      }
    },
    pause: async (plan, step, weights, reason) => {
      const answer = (
        await rl.question(
          `\npaused at step ${step + 1}/${plan.steps.length} (${formatWeights(weights)}): ${reason}\n[wait/resume/rollback] `,
        )
      )
        .trim()
        .toLowerCase();
      return answer === 'resume' ? 'resume' : answer === 'rollback' ? 'rollback' : 'wait';
    },
    close: () => rl.close(),
  };
}

/** First Ctrl-C: graceful abort (rollback at the next poll). Second: exit, weights left as they are. */
function onInterrupt(io: CliIo, requestAbort: () => Promise<boolean>): () => void {
  let asked = false;
  const handler = () => {
    if (asked) {
      io.stderr.write(
        '\ncutover run: stopped; the router keeps its current weights — check them with `cutover preview`\n',
      );
      process.exit(ExitCode.NotSucceeded);
    }
    asked = true;
    io.stderr.write(
      '\ncutover run: abort requested; rolling back at the next gate poll (Ctrl-C again stops at once)\n',
    );
    requestAbort().catch((error: unknown) =>
      io.stderr.write(`cutover run: could not request the abort: ${(error as Error).message}\n`),
    );
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}
