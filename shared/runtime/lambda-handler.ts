import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Log, UseCaseDeps } from '#core/use-cases/ports';
import type { CutoverDeps } from './deps.ts';

/**
 * The one shape of every Cutover Lambda: a thin middy chain around one use-case. The middleware
 * gives each invocation a child logger carrying plan name, execution and step on every line, logs
 * failures by name (never the input: it may hold a task token), and flushes metrics.
 */
export type UseCase<I, O, D extends HandlerDeps = CutoverDeps> = (
  input: I,
  deps: Omit<D, 'logger'> & { readonly log: Log } & Pick<UseCaseDeps, 'metrics'>,
) => Promise<O>;
/** What every handler needs from its deps; most take the whole CutoverDeps. */
export type HandlerDeps = Pick<CutoverDeps, 'logger' | 'metrics'>;
export type CutoverHandler<I, O> = (event: I, context: Context) => Promise<O>;

const invocationLogs = new WeakMap<object, Log>();

/** Plan name, execution and step from whatever shape the state machine or EventBridge sent. */
export function logKeysOf(functionName: string, event: unknown): Record<string, unknown> {
  const e = (event ?? {}) as {
    plan?: { name?: unknown };
    document?: { name?: unknown };
    executionArn?: unknown;
    progress?: { step?: unknown; total?: unknown };
    detail?: { executionArn?: unknown };
  };
  const keys: Record<string, unknown> = { function: functionName };
  const planName = e.plan?.name ?? e.document?.name;
  if (typeof planName === 'string') keys.planName = planName;
  const executionArn = e.executionArn ?? e.detail?.executionArn;
  if (typeof executionArn === 'string') keys.executionArn = executionArn;
  if (typeof e.progress?.step === 'number') keys.step = e.progress.step + 1;
  return keys;
}

function observability<I, O>(deps: HandlerDeps, functionName: string): MiddlewareObj<I, O, Error, Context> {
  return {
    before: (request) => {
      const log = deps.logger.child({
        ...logKeysOf(functionName, request.event),
        requestId: request.context?.awsRequestId,
      });
      invocationLogs.set(request.context, log);
    },
    after: () => {
      deps.metrics.publish();
    },
    onError: (request) => {
      const log = invocationLogs.get(request.context) ?? deps.logger;
      const error = request.error;
      log.error('invocation failed', { errorName: error?.name, errorMessage: error?.message });
      deps.metrics.publish();
    },
  };
}

export function lambdaHandler<I, O, D extends HandlerDeps = CutoverDeps>(
  deps: D,
  functionName: string,
  useCase: UseCase<I, O, NoInfer<D>>,
): CutoverHandler<I, O> {
  const handler = middy<I, O, Error, Context>()
    .use(observability<I, O>(deps, functionName))
    .handler(async (event, context) => {
      const log = invocationLogs.get(context) ?? deps.logger;
      return useCase(event, { ...deps, log });
    });
  return (event, context) => handler(event, context);
}

/** A Lambda context for in-process invocations (local executor, tests). */
export function localContext(functionName: string, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 900_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
