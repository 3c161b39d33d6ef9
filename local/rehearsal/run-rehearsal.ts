import { ErrorName } from '#core/errors';
import { EXECUTION_TIMEOUT_SECONDS, HISTORY_EVENT_LIMIT } from '#core/execution-budget';
import { sharesOf } from '#core/forward-action';
import type { Weights } from '#core/weights';
import { createHandler as createSafetyNet } from '#functions/safety-net/create-handler';
import type { ResolvedPlan } from '#plan/types';
import { type CutoverDeps, createCutoverDeps } from '#runtime/deps';
import { localContext } from '#runtime/lambda-handler';
import { type CutoverLogger, silentLogger } from '#runtime/logger';
import type { CutoverMetrics } from '#runtime/metrics';
import { type LocalExecutionResult, runLocalExecution, type StateEvent } from '../executor.ts';
import { Sandbox } from '../sandbox/index.ts';
import type { SandboxOptions } from '../sandbox/sandbox.ts';
import type { Scenario, ScenarioFault } from '../scenario/scenario.ts';
import { buildWorld, REHEARSAL_EVENT_BUS, REHEARSAL_TABLE } from '../scenario/world.ts';
import { VirtualClock } from '../virtual-clock.ts';
import { hookResults } from './hook-results.ts';
import { type RehearsalSummary, summarize } from './summary.ts';
import type { FiredFault, GatePoll, MinuteRow, Timeline, TimelineEvent, WeightChange } from './timeline.ts';
import { applyWorkloadFault } from './workload-faults.ts';

/** What a rehearsal reports while it runs (for live progress); times are virtual seconds. */
export type RehearsalEvent =
  | { readonly kind: 'state'; readonly atSeconds: number; readonly name: string }
  | { readonly kind: 'weights'; readonly atSeconds: number; readonly by: string; readonly weights: Weights }
  | { readonly kind: 'poll'; readonly poll: GatePoll }
  | { readonly kind: 'fault'; readonly fault: FiredFault }
  | { readonly kind: 'event'; readonly event: TimelineEvent }
  | { readonly kind: 'approval'; readonly atSeconds: number; readonly step: number; readonly answer: string };

export interface RehearsalOptions {
  readonly plan: ResolvedPlan;
  /** The plan document as written (the execution input, exactly as the deployed state machine gets it). */
  readonly planDocument: unknown;
  readonly scenario: Scenario;
  readonly onEvent?: (event: RehearsalEvent) => void;
  /** The clock to run on (a campaign shares one between its cutovers); default a new one at the scenario's start. */
  readonly clock?: VirtualClock;
  /** What the sandbox shares with others on the clock (the account's ELB limits, the API budget). */
  readonly sandboxOptions?: SandboxOptions;
  /** Called once the execution is about to start: lets a campaign inject a fault (an abort) later. */
  readonly onStarted?: (started: RehearsalHandle) => void;
}

/** A running rehearsal, seen from outside (a campaign). */
export interface RehearsalHandle {
  readonly executionArn: string;
  readonly deps: CutoverDeps;
  /** Applies a scenario fault now (e.g. `abort`: the lease's abortRequested flag). */
  inject(fault: ScenarioFault): Promise<void>;
}

export interface RehearsalResult {
  readonly summary: RehearsalSummary;
  readonly timeline: Timeline;
  readonly execution: LocalExecutionResult;
  readonly sandbox: Sandbox;
  /** The deps the handlers ran with (to inspect the lease, audit log, … afterwards). */
  readonly deps: CutoverDeps;
  readonly executionArn: string;
}

/** A simulated account, its clock and the real deps over it: what a rehearsal (or a test) runs on. */
export interface RehearsalEnvironment {
  readonly clock: VirtualClock;
  readonly sandbox: Sandbox;
  readonly deps: CutoverDeps;
}

/**
 * The sandbox world of `plan` and `scenario` (faults not scheduled), with `createCutoverDeps` over its
 * clients: the same adapters the Lambdas use. Tests can run `runLocalExecution` on it directly.
 */
export function createRehearsalEnvironment(
  plan: ResolvedPlan,
  scenario: Scenario,
  observe: { readonly logger?: CutoverLogger; readonly metrics?: CutoverMetrics } = {},
  shared: { readonly clock?: VirtualClock; readonly sandboxOptions?: SandboxOptions } = {},
): RehearsalEnvironment {
  const clock = shared.clock ?? new VirtualClock(scenario.startAt);
  const sandbox = new Sandbox(buildWorld(plan, scenario), clock, shared.sandboxOptions);
  const deps = createCutoverDeps({
    clientsFor: (region: string) => sandbox.clientsFor(region),
    kubernetesConnector: sandbox.kubernetes.connector,
    probeTransport: sandbox.probeTransport,
    fetch: sandbox.hooks.fetch,
    tableName: REHEARSAL_TABLE,
    eventBusName: REHEARSAL_EVENT_BUS,
    clock,
    homeRegion: plan.router.region,
    metrics: observe.metrics ?? gateFailureRecorder(() => {}),
    logger: observe.logger ?? silentLogger,
  });
  return { clock, sandbox, deps };
}

/**
 * Rehearses a plan: the real state machine (local executor), the real handlers and the real AWS
 * adapters, against a simulated account built from the plan and the scenario, on a virtual clock.
 * Faults fire at their virtual times; approvals and pauses are answered as the scenario says.
 */
export async function rehearse(opts: RehearsalOptions): Promise<RehearsalResult> {
  const run = openRehearsal(opts);
  const fire = faultFirer(run);
  for (const fault of opts.scenario.faults) {
    run.clock.scheduleAtOffset(fault.atSeconds * 1000, `fault ${fault.kind}`, () => fire(fault));
  }
  run.reportWrites();
  opts.onStarted?.({ executionArn: run.executionArn, deps: run.deps, inject: fire });
  await run.clock.fireDue();
  const execution = await runStateMachine(run, opts.planDocument);
  run.reportWrites();
  const restoredBySafetyNet = await endExecution(run, execution);
  const timeline = timelineOf(run);
  const summary = summarize({
    plan: run.plan.name,
    scenario: run.scenario.source,
    seed: run.scenario.seed,
    end: {
      status: execution.status,
      ...(execution.error === undefined ? {} : { error: execution.error }),
      ...(execution.cause === undefined ? {} : { cause: execution.cause }),
      stateTransitions: execution.stateTransitions,
      rolledBack: run.record.rolledBack || restoredBySafetyNet,
    },
    timeline,
    apiCalls: run.sandbox.apiCalls(),
    stepWeights: run.plan.steps.map((step) => step.weights),
    ...(run.plan.rollback ? { steppedRollback: true } : {}),
    ...(run.plan.kind === 'retreat-drill'
      ? { drill: { wayBackTo: run.plan.to, startAt: run.scenario.startAt } }
      : {}),
  });
  const { sandbox, deps, executionArn } = run;
  const withHooks =
    run.plan.hooks === undefined ? summary : { ...summary, hooks: hookResults(sandbox, run.clock) };
  return { summary: withHooks, timeline, execution, sandbox, deps, executionArn };
}

/** One rehearsal in progress: its world, what it has recorded so far, and how it reports. */
interface RehearsalRun extends RehearsalEnvironment {
  readonly plan: ResolvedPlan;
  readonly scenario: Scenario;
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly emit: (event: RehearsalEvent) => void;
  /** Virtual seconds since the rehearsal's start. */
  readonly seconds: () => number;
  readonly record: RehearsalRecord;
  readonly stop: AbortController;
  readonly hooks: FaultHooks;
  /** Lambda crashes still to happen, per function name (lambdaCrashAfterWrite faults that fired). */
  readonly crashes: Map<string, number>;
  readonly targets: readonly { readonly name: string; readonly targetGroupArn: string }[];
  /** Percent per target name for the ALB weights the sandbox recorded. */
  readonly byName: (albWeights: Readonly<Record<string, number>>) => Weights;
  readonly toTimelineEvent: (event: Sandbox['events'][number]) => TimelineEvent;
  /** Emits the weight changes and cutover events not reported yet. */
  readonly reportWrites: () => void;
}

interface RehearsalRecord {
  readonly polls: GatePoll[];
  readonly gateFailures: { atSeconds: number; gate: string }[];
  readonly faults: FiredFault[];
  readonly approvals: { atSeconds: number; step: number; answer: string }[];
  readonly states: { atSeconds: number; name: string }[];
  rolledBack: boolean;
  transitions: number;
  stoppedAt: Date | undefined;
}

/** The simulated account with recorders on its logger and metrics, and the execution registered as running. */
function openRehearsal(opts: RehearsalOptions): RehearsalRun {
  const { plan, scenario } = opts;
  const emit = opts.onEvent ?? (() => {});
  const record: RehearsalRecord = {
    polls: [],
    gateFailures: [],
    faults: [],
    approvals: [],
    states: [],
    rolledBack: false,
    transitions: 0,
    stoppedAt: undefined,
  };
  const seconds = () => environment.clock.elapsedSeconds();
  const environment = createRehearsalEnvironment(
    plan,
    scenario,
    {
      metrics: gateFailureRecorder((gate) => record.gateFailures.push({ atSeconds: seconds(), gate })),
      logger: pollRecorder(
        (poll) => {
          const recorded = { ...poll, atSeconds: seconds() };
          record.polls.push(recorded);
          emit({ kind: 'poll', poll: recorded });
        },
        (epochMs) => (epochMs - scenario.startAt.getTime()) / 1000,
      ),
    },
    {
      ...(opts.clock && { clock: opts.clock }),
      ...(opts.sandboxOptions && { sandboxOptions: opts.sandboxOptions }),
    },
  );
  const { clock, sandbox } = environment;
  const { region, accountId } = plan.router;
  const executionArn = `arn:aws:states:${region}:${accountId}:execution:cutover:${plan.name}-rehearsal-${scenario.seed}`;
  const stateMachineArn = `arn:aws:states:${region}:${accountId}:stateMachine:cutover`;
  sandbox.setExecution({
    executionArn,
    stateMachineArn,
    name: executionArn.split(':').pop() ?? 'rehearsal',
    status: 'RUNNING',
    startDate: clock.now(),
  });
  const stop = new AbortController();
  const crashes = new Map<string, number>();
  const hooks: FaultHooks = {
    stopExecution: (error) => {
      if (stop.signal.aborted) return;
      record.stoppedAt = clock.now();
      stop.abort(error);
    },
    crashAfterWork: (fn, count) => crashes.set(fn, (crashes.get(fn) ?? 0) + count),
  };
  const base = { ...environment, plan, scenario, executionArn, stateMachineArn, emit, seconds, record };
  return { ...base, stop, hooks, crashes, ...reporting(base) };
}

/** How the sandbox's writes and events become rehearsal events, each reported once. */
function reporting(
  run: Pick<RehearsalRun, 'plan' | 'clock' | 'sandbox' | 'emit'>,
): Pick<RehearsalRun, 'targets' | 'byName' | 'toTimelineEvent' | 'reportWrites'> {
  const { plan, clock, sandbox, emit } = run;
  const targets = Object.values(plan.targets).map((target) => ({
    name: target.name,
    targetGroupArn: target.targetGroupArn,
  }));
  const byName = (albWeights: Readonly<Record<string, number>>): Weights => {
    const shares = sharesOf(Object.entries(albWeights));
    return Object.fromEntries(targets.map(({ name, targetGroupArn }) => [name, shares[targetGroupArn] ?? 0]));
  };
  const toTimelineEvent = (event: Sandbox['events'][number]): TimelineEvent => {
    const detail = event.detail as { step?: number | null; reason?: string };
    return {
      atSeconds: clock.secondsAt(event.at),
      type: event.detailType,
      step: detail.step ?? null,
      reason: detail.reason ?? '',
    };
  };
  let reportedWrites = 0;
  let reportedEvents = 0;
  // Weight changes and cutover events are reported as soon as a state finishes (or a fault fires).
  const reportWrites = () => {
    const writes = sandbox.elb.writes.filter((write) => write.routerArn === plan.router.arn);
    for (; reportedWrites < writes.length; reportedWrites += 1) {
      const write = writes[reportedWrites];
      if (write === undefined) break;
      emit({
        kind: 'weights',
        atSeconds: clock.secondsAt(write.at),
        by: write.by,
        weights: byName(write.albWeights),
      });
    }
    for (; reportedEvents < sandbox.events.length; reportedEvents += 1) {
      const event = sandbox.events[reportedEvents];
      if (event !== undefined) emit({ kind: 'event', event: toTimelineEvent(event) });
    }
  };
  return { targets, byName, toTimelineEvent, reportWrites };
}

/** Applies a scenario fault now, records it, and reports what it changed. */
function faultFirer(run: RehearsalRun): (fault: ScenarioFault) => Promise<void> {
  return async (fault) => {
    const fired = { atSeconds: run.seconds(), kind: fault.kind, description: describeFault(fault) };
    try {
      await applyFault(fault, {
        plan: run.plan,
        sandbox: run.sandbox,
        leases: run.deps.leases,
        now: () => run.clock.now(),
        executionArn: run.executionArn,
        hooks: run.hooks,
      });
    } catch (error) {
      // The fault runs inside whatever state is sleeping on the clock: its failure is the
      // scenario's, never an error of the execution under test.
      fired.description += ` (not applied: ${error instanceof Error ? error.message : String(error)})`;
    }
    run.record.faults.push(fired);
    run.emit({ kind: 'fault', fault: fired });
    run.reportWrites();
  };
}

/** The state machine on the local executor, answering approvals and pauses as the scenario says. */
function runStateMachine(run: RehearsalRun, planDocument: unknown): Promise<LocalExecutionResult> {
  const { scenario, record, seconds, emit } = run;
  return runLocalExecution({
    input: planDocument,
    deps: run.deps,
    clock: run.clock,
    executionArn: run.executionArn,
    stopSignal: run.stop.signal,
    aroundInvoke: (fn, invoke) => crashAfterWork(run.crashes, fn, invoke),
    onApproval: async (request) => {
      const answer =
        scenario.approvals[Math.min(record.approvals.length, scenario.approvals.length - 1)] ?? 'approve';
      // A timeout is the approval left unanswered: the watched wait runs until approval.timeout.
      const approval = { atSeconds: seconds(), step: request.step, answer };
      record.approvals.push(approval);
      emit({ kind: 'approval', ...approval });
      return answer;
    },
    onPause: async () => scenario.pauses,
    onState: (event) => {
      recordState(run, event);
      run.reportWrites();
    },
  });
}

/** A lambdaCrashAfterWrite fault: the function does its work, then dies before answering. */
async function crashAfterWork<T>(
  crashes: Map<string, number>,
  fn: string,
  invoke: () => Promise<T>,
): Promise<T> {
  const output = await invoke();
  const pending = crashes.get(fn) ?? 0;
  if (pending > 0) {
    crashes.set(fn, pending - 1);
    // What Step Functions reports for a function that died (crash, out of memory, its own
    // timeout) after its writes had landed.
    throw namedError(
      'Lambda.Unknown',
      `${fn}: the function died after doing its work (scenario lambdaCrashAfterWrite); its result was lost`,
    );
  }
  return output;
}

/** Counts transitions (stopping where AWS would), records states, and whether a rollback restored. */
function recordState(run: RehearsalRun, event: StateEvent): void {
  const { record, seconds } = run;
  if (event.type === 'entered') {
    record.transitions += 1;
    const limit = limitReached(record.transitions, seconds());
    if (limit) run.hooks.stopExecution(namedError(REHEARSAL_LIMIT_ERROR, limit));
    record.states.push({ atSeconds: seconds(), name: event.name });
    run.emit({ kind: 'state', atSeconds: seconds(), name: event.name });
    // The Rollback state exits through its Catch too: a failure report means nothing was restored.
    if (event.name === 'ReportRollbackFailure') record.rolledBack = false;
  } else if (event.name === 'Rollback' || event.name === 'RollbackRestoreNow') {
    // A refusal before any write (Preflight) passes through Rollback with nothing to restore:
    // that is a failed cutover, as `cutover run` reports it, not a rollback.
    const output = event.output as { rollback?: { restored?: boolean } } | undefined;
    record.rolledBack = output?.rollback?.restored !== false;
  }
}

/** Marks the execution ended in the sandbox; a stopped one gets the safety net. True if it restored. */
async function endExecution(run: RehearsalRun, execution: LocalExecutionResult): Promise<boolean> {
  const { clock, record, seconds } = run;
  run.sandbox.setExecution({
    executionArn: run.executionArn,
    stateMachineArn: run.stateMachineArn,
    name: run.executionArn.split(':').pop() ?? 'rehearsal',
    status: execution.status === 'PAUSED' ? 'RUNNING' : execution.status,
    startDate: run.scenario.startAt,
    ...(execution.status === 'PAUSED' ? {} : { stopDate: record.stoppedAt ?? clock.now() }),
  });
  if (execution.status !== 'ABORTED') return false;
  const restored = await playSafetyNet({
    deps: run.deps,
    clock,
    executionArn: run.executionArn,
    routerArn: run.plan.router.arn,
    stoppedAt: record.stoppedAt ?? clock.now(),
    onState: (name) => {
      record.states.push({ atSeconds: seconds(), name });
      run.emit({ kind: 'state', atSeconds: seconds(), name });
    },
    afterInvoke: run.reportWrites,
  });
  run.reportWrites();
  return restored;
}

function timelineOf(run: RehearsalRun): Timeline {
  const { clock, sandbox, record, scenario } = run;
  return {
    startedAt: scenario.startAt.toISOString(),
    endedAtSeconds: run.seconds(),
    targets: run.targets,
    weights: sandbox.elb.writes
      .filter((write) => write.routerArn === run.plan.router.arn)
      .map(
        (write): WeightChange => ({
          atSeconds: clock.secondsAt(write.at),
          by: write.by,
          weights: run.byName(write.albWeights),
        }),
      ),
    polls: record.polls,
    gateFailures: record.gateFailures,
    faults: record.faults,
    events: sandbox.events.map(run.toTimelineEvent),
    minutes: minuteRows(sandbox, run.targets, scenario.startAt.getTime(), clock.now().getTime()),
    approvals: record.approvals,
    states: record.states,
  };
}

/** The error a rehearsal stops with when the execution would outgrow what AWS allows one execution. */
export const REHEARSAL_LIMIT_ERROR = 'RehearsalLimitReached';
/** Every state transition writes at least two history events and a Task five: about three each. */
const MAX_STATE_TRANSITIONS = Math.floor(HISTORY_EVENT_LIMIT / 3);

/**
 * A rehearsal always ends: a real execution stops at 25,000 history events or at the state
 * machine's timeout, so a plan that loops (a pause answered with resume while the gates stay
 * inconclusive) is stopped where AWS would stop it, with a message that says why.
 */
function limitReached(transitions: number, elapsedSeconds: number): string | undefined {
  if (transitions > MAX_STATE_TRANSITIONS) {
    return (
      `rehearsal stopped after ${transitions} state transitions: a real execution would exceed its ${HISTORY_EVENT_LIMIT}-event history; ` +
      'the plan keeps looping (e.g. pauses answered with resume while the gates stay inconclusive) — raise traffic, lower gates.*.minRequests, or answer pauses with rollback'
    );
  }
  if (elapsedSeconds > EXECUTION_TIMEOUT_SECONDS) {
    return `rehearsal stopped after ${Math.round(elapsedSeconds / 86_400)} days of virtual time: the state machine's timeout would stop a real execution`;
  }
  return undefined;
}

/** Safety-net sweeps a rehearsal plays after a stop, at most (an hour of virtual time). */
const MAX_SWEEPS = 12;
const SWEEP_INTERVAL_MS = 5 * 60_000;

/**
 * What AWS does after StopExecution: EventBridge delivers the status-change event to the safety net
 * (played at the stop instant), and the 5-minute sweeper runs until the router's lease is released.
 * Returns whether the safety net restored the snapshot.
 */
async function playSafetyNet(ctx: {
  readonly deps: CutoverDeps;
  readonly clock: VirtualClock;
  readonly executionArn: string;
  readonly routerArn: string;
  readonly stoppedAt: Date;
  readonly onState: (name: string) => void;
  readonly afterInvoke: () => void;
}): Promise<boolean> {
  const handler = createSafetyNet(ctx.deps);
  let restored = false;
  const invoke = async (name: string, event: unknown, attempt: number) => {
    ctx.onState(name);
    const output = (await handler(event as never, localContext('SafetyNet', `safety-net-${attempt}`))) as {
      restored?: readonly string[];
    };
    restored ||= output.restored?.includes(ctx.routerArn) ?? false;
    ctx.afterInvoke();
  };
  await invoke(
    'SafetyNet (status change)',
    {
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      detail: { executionArn: ctx.executionArn, status: 'ABORTED', stopDate: ctx.stoppedAt.getTime() },
    },
    0,
  );
  for (let sweep = 1; sweep <= MAX_SWEEPS; sweep += 1) {
    const lease = await ctx.deps.leases.read(ctx.routerArn);
    if (lease === undefined || lease.released) break;
    await ctx.clock.sleep(SWEEP_INTERVAL_MS);
    await invoke('SafetyNet (sweep)', { sweep: true }, sweep);
  }
  return restored;
}

/** Hooks into the execution for faults that are not changes to the simulated account. */
interface FaultHooks {
  /** StopExecution (`cutover abort --force`). */
  stopExecution(error: Error): void;
  /** The next `count` invocations of `fn` die after their work. */
  crashAfterWork(fn: string, count: number): void;
}

/** An error whose `name` Step Functions matches against ErrorEquals. */
function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Applies one scenario fault to the simulation at its virtual time. */
async function applyFault(
  fault: ScenarioFault,
  ctx: {
    readonly plan: ResolvedPlan;
    readonly sandbox: Sandbox;
    readonly leases: {
      acquire: (req: {
        routerArn: string;
        owner: string;
        planName: string;
        ttlSeconds: number;
        now: Date;
      }) => Promise<unknown>;
    } & Pick<CutoverDeps['leases'], 'read' | 'update'>;
    readonly now: () => Date;
    readonly executionArn: string;
    readonly hooks: FaultHooks;
  },
): Promise<void> {
  const { plan, sandbox } = ctx;
  switch (fault.kind) {
    case 'target': {
      const target = plan.targets[fault.target];
      if (target === undefined) return;
      const { ready, ...rest } = fault.set;
      sandbox.setTargetGroup(target.targetGroupArn, rest);
      if (ready !== undefined) setPlatformReady(sandbox, target, ready);
      return;
    }
    case 'api':
      sandbox.injectApiErrors(fault.api, fault.error, fault.count);
      return;
    case 'drift': {
      const weights: Record<string, number> = {};
      for (const [name, weight] of Object.entries(fault.weights)) {
        const arn = plan.targets[name]?.targetGroupArn;
        if (arn !== undefined) weights[arn] = weight;
      }
      sandbox.drift(plan.router.arn, weights);
      return;
    }
    case 'lease':
      // Another cutover takes the router's lease through the same lease store the handlers use.
      await ctx.leases.acquire({
        routerArn: plan.router.arn,
        owner: `arn:aws:states:${plan.router.region}:${plan.router.accountId}:execution:cutover:${fault.heldBy}`,
        planName: `${plan.name}-other`,
        ttlSeconds: 7 * 86_400,
        now: ctx.now(),
      });
      return;
    case 'alarm':
      sandbox.setAlarm(fault.alarm, fault.state);
      return;
    case 'abort': {
      if (fault.force) {
        ctx.hooks.stopExecution(
          namedError(ErrorName.AbortRequested, `stopped by ${fault.by}: ${fault.reason}`),
        );
        return;
      }
      // What `cutover abort` does: flag the lease the execution holds (nothing to abort without one).
      const lease = await ctx.leases.read(plan.router.arn);
      if (lease === undefined || lease.released || lease.owner !== ctx.executionArn) return;
      await ctx.leases.update(plan.router.arn, lease.token, {
        abortRequested: { by: fault.by, reason: fault.reason, at: ctx.now().toISOString() },
      });
      return;
    }
    case 'deleteTargetGroup': {
      const target = plan.targets[fault.target];
      if (target !== undefined) sandbox.deleteTargetGroup(target.targetGroupArn);
      return;
    }
    case 'lambdaCrash':
      ctx.hooks.crashAfterWork(fault.fn, fault.count);
      return;
    case 'deploymentReplicas':
    case 'rolloutInProgress':
    case 'scaleFails':
      applyWorkloadFault(fault, plan, sandbox);
      return;
  }
}

function setPlatformReady(sandbox: Sandbox, target: ResolvedPlan['targets'][string], ready: boolean): void {
  if (target.platform === 'ecs') {
    for (const service of sandbox.platforms.ecsServices) {
      if (service.cluster === target.cluster && service.service === target.service) service.ready = ready;
    }
  } else if (target.platform === 'eks') {
    for (const cluster of sandbox.platforms.eksClusters)
      if (cluster.name === target.cluster) cluster.ready = ready;
  } else if (target.autoScalingGroup !== undefined) {
    for (const group of sandbox.platforms.autoScalingGroups)
      if (group.name === target.autoScalingGroup) group.ready = ready;
  }
}

export function describeFault(fault: ScenarioFault): string {
  switch (fault.kind) {
    case 'target':
      return `${fault.target}: ${Object.entries(fault.set)
        .map(([key, value]) => `${key} ${value}`)
        .join(', ')}`;
    case 'api':
      return `${fault.api} answers ${fault.error} ×${fault.count}`;
    case 'drift':
      return `weights set by hand to ${Object.entries(fault.weights)
        .map(([name, weight]) => `${name}=${weight}`)
        .join(', ')}`;
    case 'lease':
      return `lease held by ${fault.heldBy}`;
    case 'alarm':
      return `alarm ${fault.alarm} → ${fault.state}`;
    case 'abort':
      return `${fault.force ? 'execution stopped' : 'abort requested'} by ${fault.by}: ${fault.reason}`;
    case 'deleteTargetGroup':
      return `target group of ${fault.target} deleted`;
    case 'lambdaCrash':
      return `${fault.fn} dies after its work ×${fault.count}`;
    case 'deploymentReplicas':
      return `${fault.target}: ${[
        fault.replicas === undefined ? '' : `replicas ${fault.replicas}`,
        fault.ready === undefined ? '' : `ready replicas ${fault.ready}`,
      ]
        .filter(Boolean)
        .join(', ')}`;
    case 'rolloutInProgress':
      return `${fault.target}: rollout in progress${fault.forSeconds === undefined ? '' : ` for ${fault.forSeconds}s`}`;
    case 'scaleFails':
      return `${fault.target}: scale-ups never start`;
  }
}

function minuteRows(
  sandbox: Sandbox,
  targets: readonly { name: string; targetGroupArn: string }[],
  start: number,
  end: number,
): MinuteRow[] {
  const rows: MinuteRow[] = [];
  for (const { name, targetGroupArn } of targets) {
    for (const { minuteStart, stats } of sandbox.cloudWatch.minutes(targetGroupArn, start, end)) {
      rows.push({ minute: Math.round((minuteStart - start) / 60_000), target: name, ...stats });
    }
  }
  return rows;
}

/** Business metrics are CloudWatch EMF in Lambda; a rehearsal only keeps which gate failed, and when. */
function gateFailureRecorder(onGateFailure: (gate: string) => void): CutoverMetrics {
  return {
    stepDuration: () => {},
    rollback: () => {},
    rollbackFailed: () => {},
    gateFailure: onGateFailure,
    driftDetected: () => {},
    publish: () => {},
  };
}

/**
 * A logger that keeps nothing but the gate polls the evaluate-gates handler logs (`gate poll` with
 * its verdicts); rehearsals print their own progress, so handler logs would only be noise on stdout.
 */
function pollRecorder(
  onPoll: (poll: Omit<GatePoll, 'atSeconds'>) => void,
  secondsOf: (epochMs: number) => number,
): CutoverLogger {
  const logger: CutoverLogger = {
    debug: (message, extra) => {
      if (message !== 'gate poll' || extra === undefined) return;
      const judged = typeof extra.judgedThrough === 'number' ? secondsOf(extra.judgedThrough) : null;
      onPoll({
        verdict: String(extra.verdict ?? ''),
        decision: String(extra.decision ?? ''),
        verdicts: Array.isArray(extra.verdicts) ? extra.verdicts.map(String) : [],
        evidence: Array.isArray(extra.evidence)
          ? extra.evidence.map((e: { gate?: unknown; progress?: unknown }) => ({
              gate: String(e.gate),
              progress: Number(e.progress),
            }))
          : [],
        judgedThroughSeconds: judged,
      });
    },
    info: () => {},
    warn: () => {},
    error: () => {},
    child: () => logger,
  };
  return logger;
}
