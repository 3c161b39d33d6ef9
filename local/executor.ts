import { StateMachine } from 'aws-local-stepfunctions';
import type { Weights } from '#core/weights';
import { createHandler as acquireLease } from '#functions/acquire-lease/create-handler';
import { createHandler as awaitApproval } from '#functions/await-approval/create-handler';
import { createHandler as complete } from '#functions/complete/create-handler';
import { createHandler as evaluateGates } from '#functions/evaluate-gates/create-handler';
import { createHandler as nextWindow } from '#functions/next-window/create-handler';
import { createHandler as preflight } from '#functions/preflight/create-handler';
import { createHandler as rollback } from '#functions/rollback/create-handler';
import { createHandler as runHook } from '#functions/run-hook/create-handler';
import { createHandler as shift } from '#functions/shift/create-handler';
import { createHandler as snapshot } from '#functions/snapshot/create-handler';
import { createHandler as validate } from '#functions/validate/create-handler';
import { createHandler as verify } from '#functions/verify/create-handler';
import type { Clock } from '#ports/clock';
import type { CutoverDeps } from '#runtime/deps';
import { localContext } from '#runtime/lambda-handler';
import { prepareDefinition, waitMilliseconds } from './executor-definition.ts';

/**
 * Runs `state-machines/cutover.asl.json` in-process with aws-local-stepfunctions: every Task is the
 * same `createHandler(deps)` the Lambda runs, every Wait sleeps on `clock` (a virtual clock makes a
 * two-hour bake instant and exact), approvals and pauses are answered by callbacks.
 */

export interface ApprovalRequest {
  /** 0-based step index. */
  readonly step: number;
  /** Percent per target name the step will write. */
  readonly weights: Weights;
  readonly taskToken: string;
}
export interface PauseRequest {
  readonly step: number;
  /** Percent per target name held during the pause. */
  readonly weights: Weights;
  readonly reason: string;
  readonly taskToken: string;
}
export interface StateEvent {
  readonly name: string;
  readonly type: 'entered' | 'exited';
  readonly at: Date;
  readonly input?: unknown;
  readonly output?: unknown;
}

export interface LocalExecutionOptions {
  /** The execution input: the plan document (same fields as the YAML). */
  readonly input: unknown;
  readonly deps: CutoverDeps;
  readonly clock: StoppableClock;
  readonly executionArn: string;
  /** approve = SendTaskSuccess; reject = SendTaskFailure (ApprovalRejected); timeout = States.Timeout. */
  onApproval(req: ApprovalRequest): Promise<'approve' | 'reject' | 'timeout'>;
  /** wait = leave the weights held and end the run as PAUSED (default); resume = approve; rollback = reject. */
  onPause?(req: PauseRequest): Promise<'wait' | 'resume' | 'rollback'>;
  onState?(event: StateEvent): void;
  /**
   * Wraps every Lambda invocation (`fn` is the function name: Shift, Rollback, …; `invoke` runs the
   * real handler). A rehearsal uses it to make a Lambda die after its work, as Step Functions then
   * sees it: the error thrown here is what the state's Retry/Catch match.
   */
  aroundInvoke?(fn: string, invoke: () => Promise<unknown>): Promise<unknown>;
  /**
   * StopExecution: when this signal aborts, the execution stops where it is (status ABORTED; the
   * abort reason, if an Error, gives `error` and `cause`). A Wait in progress ends at that instant
   * when the clock honours the signal (the virtual clock does); a Lambda in progress runs to its
   * end, as a real one outlives its execution — that is what the safety net's grace period covers.
   */
  readonly stopSignal?: AbortSignal;
}

/** A clock whose sleep can end early when a stop signal aborts (the virtual clock's can). */
export interface StoppableClock extends Clock {
  sleep(ms: number, stop?: AbortSignal): Promise<void>;
}

export interface LocalExecutionResult {
  /** ABORTED only when `stopSignal` stopped it. */
  readonly status: 'SUCCEEDED' | 'FAILED' | 'PAUSED' | 'ABORTED';
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  /** States entered, as Step Functions bills them (retries not included). */
  readonly stateTransitions: number;
}

type Invoke = (event: unknown, context: ReturnType<typeof localContext>) => Promise<unknown>;

const FACTORIES: Readonly<Record<string, (deps: CutoverDeps) => Invoke>> = {
  Validate: (deps) => validate(deps) as Invoke,
  AcquireLease: (deps) => acquireLease(deps) as Invoke,
  Snapshot: (deps) => snapshot(deps) as Invoke,
  Preflight: (deps) => preflight(deps) as Invoke,
  NextWindow: (deps) => nextWindow(deps) as Invoke,
  AwaitApproval: (deps) => awaitApproval(deps) as Invoke,
  Shift: (deps) => shift(deps) as Invoke,
  Verify: (deps) => verify(deps) as Invoke,
  EvaluateGates: (deps) => evaluateGates(deps) as Invoke,
  Rollback: (deps) => rollback(deps) as Invoke,
  Complete: (deps) => complete(deps) as Invoke,
  RunHook: (deps) => runHook(deps) as Invoke,
};

/** An error whose `name` the engine matches against ErrorEquals, like SendTaskFailure's `error`. */
function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

const jsonCopy = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

interface PreparedMachine {
  readonly machine: StateMachine;
  readonly bindings: ReturnType<typeof prepareDefinition>['bindings'];
  readonly retried: readonly string[];
}
let prepared: PreparedMachine | undefined;

/**
 * The rewritten definition, validated once per process: aws-local-stepfunctions validates in the
 * StateMachine constructor (100–650 ms for this definition), while `run` takes every per-execution
 * setting (handlers, retry pauses, context) as options, so one instance serves every execution.
 */
function preparedMachine(): PreparedMachine {
  if (prepared === undefined) {
    const { definition, bindings, retried } = prepareDefinition();
    const machine = new StateMachine(definition as never, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
    prepared = { machine, bindings, retried };
  }
  return prepared;
}

export async function runLocalExecution(opts: LocalExecutionOptions): Promise<LocalExecutionResult> {
  const { machine, bindings, retried } = preparedMachine();
  const session = executionSession(opts);
  const execution = machine.run(jsonCopy(opts.input) as never, {
    noThrowOnAbort: true,
    overrides: {
      taskResourceLocalHandlers: localHandlers(bindings, session, opts) as never,
      retryIntervalOverrides: Object.fromEntries(retried.map((name) => [name, 0])),
    },
    context: {
      Execution: { Id: opts.executionArn, Name: opts.executionArn.split(':').pop() ?? 'local' },
      Task: { Token: 'replaced-per-task' },
    },
  });
  session.abort = execution.abort;
  const stop = opts.stopSignal;
  let stopped = false;
  const onStop = () => {
    stopped = true;
    execution.abort();
  };
  if (stop?.aborted) onStop();
  else stop?.addEventListener('abort', onStop, { once: true });
  const observed = observeStates(execution.eventLogs, opts);
  // States still running when the execution stops are awaited before returning, so nothing of this
  // execution touches the world after runLocalExecution resolves.
  const settle = async () => {
    const stateTransitions = await observed;
    await Promise.allSettled([...session.inFlight]);
    return stateTransitions;
  };
  try {
    const output = await execution.result;
    const stateTransitions = await settle();
    if (stopped) {
      const reason = stop?.reason;
      return {
        status: 'ABORTED',
        ...(reason instanceof Error ? { error: reason.name, cause: reason.message } : {}),
        stateTransitions,
      };
    }
    if (session.paused) return { status: 'PAUSED', stateTransitions };
    return { status: 'SUCCEEDED', output, stateTransitions };
  } catch (error) {
    const stateTransitions = await settle();
    const failure = unwrapFailure(error);
    return { status: 'FAILED', error: failure.error, cause: failure.cause, stateTransitions };
  } finally {
    stop?.removeEventListener('abort', onStop);
  }
}

/** One execution's Lambda invocations, the states in flight, and whether a pause ended it. */
interface ExecutionSession {
  readonly invoke: (fn: string, event: unknown) => Promise<unknown>;
  /** Wraps a state's handler so a stopped execution starts nothing new and running ones are awaited. */
  readonly tracked: (handler: LocalHandler) => LocalHandler;
  readonly inFlight: Set<Promise<unknown>>;
  paused: boolean;
  tokens: number;
  /** Ends the run (set once the engine has started it). */
  abort: () => void;
}

type LocalHandler = (input: unknown) => Promise<unknown>;

function executionSession(opts: LocalExecutionOptions): ExecutionSession {
  const handlers = new Map<string, Invoke>();
  const handlerFor = (fn: string): Invoke => {
    let handler = handlers.get(fn);
    if (!handler) {
      const factory = FACTORIES[fn];
      if (!factory) throw new Error(`local executor: no function ${fn}`);
      handler = factory(opts.deps);
      handlers.set(fn, handler);
    }
    return handler;
  };
  let invocations = 0;
  const invoke = async (fn: string, event: unknown): Promise<unknown> => {
    invocations += 1;
    const requestId = `local-${invocations}`;
    // Lambda serialises both ways: nothing but JSON crosses the boundary.
    const run = async () =>
      jsonCopy((await handlerFor(fn)(jsonCopy(event), localContext(fn, requestId))) ?? null);
    return opts.aroundInvoke ? opts.aroundInvoke(fn, run) : run();
  };
  const inFlight = new Set<Promise<unknown>>();
  const tracked =
    (handler: LocalHandler): LocalHandler =>
    (input) => {
      // A stopped execution starts nothing new (not even a retry of the state that was running).
      if (opts.stopSignal?.aborted)
        return Promise.reject(namedError('ExecutionAborted', 'the execution was stopped'));
      const running = handler(input);
      inFlight.add(running);
      const settle = () => inFlight.delete(running);
      running.then(settle, settle);
      return running;
    };
  return { invoke, tracked, inFlight, paused: false, tokens: 0, abort: () => {} };
}

/** A handler per Task state: waits on the clock, Lambdas in process, and humans through the callbacks. */
function localHandlers(
  bindings: PreparedMachine['bindings'],
  session: ExecutionSession,
  opts: LocalExecutionOptions,
): Record<string, LocalHandler> {
  const stop = opts.stopSignal;
  const handlers: Record<string, LocalHandler> = {};
  for (const [stateName, binding] of Object.entries(bindings)) {
    if (binding.kind === 'wait') {
      handlers[stateName] = async (input) => {
        const ms = waitMilliseconds(input as { Seconds?: unknown; Timestamp?: unknown }, opts.clock.now());
        if (ms > 0 && !stop?.aborted) await opts.clock.sleep(ms, stop);
        return {};
      };
    } else if (binding.kind === 'lambda' && binding.fn !== 'AwaitApproval') {
      handlers[stateName] = (input) => session.invoke(binding.fn, input);
    } else {
      handlers[stateName] = async (input) => {
        session.tokens += 1;
        const requestId = `local-request:${opts.executionArn}:${session.tokens}`;
        await session.invoke(binding.fn, input);
        const answer = await askHuman(opts, input as HumanRequest, requestId);
        if (answer === 'wait') {
          session.paused = true;
          session.abort();
        }
        return {};
      };
    }
  }
  for (const [stateName, handler] of Object.entries(handlers)) handlers[stateName] = session.tracked(handler);
  return handlers;
}

/** Reports states entered and exited until the execution ends; resolves to the transitions counted. */
async function observeStates(
  eventLogs: ReturnType<PreparedMachine['machine']['run']>['eventLogs'],
  opts: LocalExecutionOptions,
): Promise<number> {
  let stateTransitions = 0;
  for await (const event of eventLogs) {
    if (event.type === 'StateEntered') {
      stateTransitions += 1;
      opts.onState?.({
        name: event.state.name,
        type: 'entered',
        at: opts.clock.now(),
        input: event.state.input,
      });
    } else if (event.type === 'StateExited') {
      opts.onState?.({
        name: event.state.name,
        type: 'exited',
        at: opts.clock.now(),
        output: event.state.output,
      });
    } else if (
      event.type === 'ExecutionSucceeded' ||
      event.type === 'ExecutionFailed' ||
      event.type === 'ExecutionAborted'
    ) {
      return stateTransitions;
    }
  }
  return stateTransitions;
}

/** The engine wraps the failing state's error in an ExecutionError; Error/Cause are the inner name and message. */
function unwrapFailure(error: unknown): { error: string; cause: string } {
  const inner = (error as { cause?: unknown })?.cause ?? error;
  if (inner instanceof Error) return { error: inner.name, cause: inner.message };
  return { error: 'Error', cause: String(inner) };
}

/** The weights a pause holds: what the cutover last wrote, by target name. */
async function heldWeights(
  deps: CutoverDeps,
  request: { plan?: { steps?: { weights: Weights }[] }; progress?: { step?: number } },
): Promise<Weights> {
  const plan = request.plan as
    | { router?: { arn: string }; targets?: Record<string, { targetGroupArn: string }> }
    | undefined;
  if (!plan?.router || !plan.targets) return {};
  const lease = await deps.leases.read(plan.router.arn);
  const byArn = lease?.lastWritten ?? lease?.snapshot?.weights ?? {};
  const byName: Record<string, number> = {};
  for (const [name, target] of Object.entries(plan.targets)) byName[name] = byArn[target.targetGroupArn] ?? 0;
  return byName;
}

interface HumanRequest {
  kind?: string;
  reason?: string;
  progress?: { step?: number };
  plan?: { steps?: { weights: Weights }[] };
  lease?: { token?: number };
}

/**
 * A human's part in a watched wait, played by the caller's callbacks: approve / reject (resume /
 * roll back at a pause) are written on the lease as `cutover approve` / `reject` write them, and the
 * watching state reads them at its next poll. A timeout writes nothing: the wait runs its course,
 * watched, on the clock. `wait` at a pause ends the run with the weights held.
 */
async function askHuman(
  opts: LocalExecutionOptions,
  request: HumanRequest,
  taskToken: string,
): Promise<'answered' | 'unanswered' | 'wait'> {
  const step = request.progress?.step ?? 0;
  let decision: 'approved' | 'rejected' | undefined;
  if (request.kind === 'pause') {
    const held = await heldWeights(opts.deps, request);
    const answer =
      (await opts.onPause?.({ step, weights: held, reason: request.reason ?? '', taskToken })) ?? 'wait';
    if (answer === 'wait') return 'wait';
    decision = answer === 'resume' ? 'approved' : 'rejected';
  } else {
    const weights = request.plan?.steps?.[step]?.weights ?? {};
    const answer = await opts.onApproval({ step, weights, taskToken });
    if (answer === 'timeout') return 'unanswered';
    decision = answer === 'approve' ? 'approved' : 'rejected';
  }
  const routerArn = (request.plan as { router?: { arn?: string } } | undefined)?.router?.arn;
  const lease = routerArn === undefined ? undefined : await opts.deps.leases.read(routerArn);
  if (routerArn === undefined || lease?.approval === undefined || lease.token !== request.lease?.token)
    return 'unanswered';
  const at = opts.clock.now().toISOString();
  await opts.deps.leases.update(routerArn, lease.token, {
    approval: {
      ...lease.approval,
      answer: { decision, by: 'rehearsal', reason: `scenario: ${decision}`, at },
    },
  });
  return 'answered';
}
