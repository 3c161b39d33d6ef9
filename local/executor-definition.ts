import { readFileSync } from 'node:fs';

/**
 * The ASL prepared for aws-local-stepfunctions. Same states, same names, same Retry/Catch; only what
 * the local engine cannot do the AWS way is rewritten:
 * - every Wait becomes a Task bound to a local handler that sleeps on the injected clock for exactly
 *   what AWS would wait (the engine itself can only sleep real milliseconds);
 * - `${…FunctionArn}` placeholders become syntactically valid ARNs (every Task runs in-process);
 * - `.waitForTaskToken` tasks receive their Payload directly, and their timeout is decided by the
 *   caller's answer ('timeout') rather than by a real timer;
 * - the top-level TimeoutSeconds is dropped (Node timers overflow past 24.8 days of real time).
 */

export const ASL_PATH = new URL('../state-machines/cutover.asl.json', import.meta.url);
const LOCAL_ARN_PREFIX = 'arn:aws:lambda:us-east-1:123456789012:function:';
/** Real-time backstop for tasks answered by callbacks (below Node's 2^31 ms timer limit). */
const CALLBACK_TASK_TIMEOUT_SECONDS = 2_000_000;

export type TaskBinding =
  | { readonly kind: 'lambda'; readonly fn: string }
  | { readonly kind: 'token'; readonly fn: string }
  | { readonly kind: 'wait' };

export interface PreparedDefinition {
  readonly definition: Record<string, unknown>;
  /** State name → what runs it. */
  readonly bindings: Readonly<Record<string, TaskBinding>>;
  /** States with a Retry field (the local engine's retry pauses are set to zero). */
  readonly retried: readonly string[];
}

type State = Record<string, unknown> & { Type: string };

let raw: ({ States: Record<string, State> } & Record<string, unknown>) | undefined;

export function readDefinition(): { States: Record<string, State> } & Record<string, unknown> {
  raw ??= JSON.parse(readFileSync(ASL_PATH, 'utf8'));
  return structuredClone(raw as NonNullable<typeof raw>);
}

/** `${ShiftFunctionArn}` → `Shift`. */
function placeholderName(value: unknown): string | undefined {
  return typeof value === 'string' ? /^\$\{(\w+)FunctionArn\}$/.exec(value)?.[1] : undefined;
}

export function prepareDefinition(): PreparedDefinition {
  const definition = readDefinition();
  delete definition.TimeoutSeconds;
  const bindings: Record<string, TaskBinding> = {};
  const retried: string[] = [];
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Wait') {
      definition.States[name] = waitAsTask(state);
      bindings[name] = { kind: 'wait' };
      continue;
    }
    if (state.Type !== 'Task') continue;
    if ('Retry' in state) retried.push(name);
    const direct = placeholderName(state.Resource);
    if (direct) {
      state.Resource = `${LOCAL_ARN_PREFIX}${direct}`;
      bindings[name] = { kind: 'lambda', fn: direct };
      continue;
    }
    const parameters = state.Parameters as { FunctionName?: unknown; Payload?: unknown } | undefined;
    const fn = placeholderName(parameters?.FunctionName);
    if (String(state.Resource).endsWith(':lambda:invoke.waitForTaskToken') && fn) {
      state.Resource = `${LOCAL_ARN_PREFIX}${fn}`;
      state.Parameters = parameters?.Payload ?? {};
      delete state.TimeoutSecondsPath;
      state.TimeoutSeconds = CALLBACK_TASK_TIMEOUT_SECONDS;
      bindings[name] = { kind: 'token', fn };
      continue;
    }
    throw new Error(
      `local executor: state ${name} has resource ${String(state.Resource)}, which it cannot run`,
    );
  }
  return { definition, bindings, retried };
}

function waitAsTask(state: State): State {
  const parameters: Record<string, unknown> = {};
  if (state.Seconds !== undefined) parameters.Seconds = state.Seconds;
  if (state.SecondsPath !== undefined) parameters['Seconds.$'] = state.SecondsPath;
  if (state.Timestamp !== undefined) parameters.Timestamp = state.Timestamp;
  if (state.TimestampPath !== undefined) parameters['Timestamp.$'] = state.TimestampPath;
  const task: State = {
    Type: 'Task',
    Resource: `${LOCAL_ARN_PREFIX}LocalWait`,
    Parameters: parameters,
    ResultPath: null,
    TimeoutSeconds: CALLBACK_TASK_TIMEOUT_SECONDS,
  };
  for (const field of ['InputPath', 'OutputPath', 'Next', 'End', 'Comment'] as const) {
    if (state[field] !== undefined) task[field] = state[field];
  }
  return task;
}

/** Milliseconds a Wait would wait at `now`, from the Parameters the rewritten task received. */
export function waitMilliseconds(parameters: { Seconds?: unknown; Timestamp?: unknown }, now: Date): number {
  if (typeof parameters.Seconds === 'number') return Math.max(0, parameters.Seconds * 1000);
  if (typeof parameters.Timestamp === 'string')
    return Math.max(0, Date.parse(parameters.Timestamp) - now.getTime());
  throw new Error(`local executor: a Wait needs Seconds or Timestamp; got ${JSON.stringify(parameters)}`);
}
