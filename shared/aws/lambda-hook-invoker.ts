import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import { HookUnreachableError } from '#core/hook-errors';
import type { LambdaHook } from '#plan/hook-types';
import type { HookAnswer, HookEvent } from '#ports/hook-runner';
import { excerpt, parseHookAnswer } from './hook-answer.ts';
import { HookDeliveryError, isDeadlineAbort } from './hook-delivery.ts';

type LambdaSend = Pick<LambdaClient, 'send'>;

/**
 * One synchronous Invoke of a hook function with the event as payload. Throttling, Lambda service
 * errors and a function that threw are `HookDeliveryError` (redelivered within the deadline); a
 * missing function or missing permission is not worth retrying and says what to fix.
 */
export async function invokeLambdaHook(
  lambda: LambdaSend,
  hook: LambdaHook,
  event: HookEvent,
  timeLeftMs: number,
): Promise<HookAnswer> {
  const subject = `hook ${event.hook} (lambda ${hook.functionArn})`;
  let output: InvokeCommandOutput;
  try {
    output = await lambda.send(
      new InvokeCommand({
        FunctionName: hook.functionArn,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
      { abortSignal: AbortSignal.timeout(timeLeftMs) },
    );
  } catch (error) {
    if (isDeadlineAbort(error)) throw error;
    const name = (error as { name?: string }).name ?? 'Error';
    const message = `${name}: ${(error as Error).message ?? String(error)}`;
    if (isTransient(error)) throw new HookDeliveryError(`Invoke failed (${message})`, { cause: error });
    throw new HookUnreachableError(
      `${subject}: Invoke refused (${message}); check the function exists and the state machine's hook role may invoke it`,
      { cause: error },
    );
  }
  const text = output.Payload ? new TextDecoder().decode(output.Payload) : '';
  if (output.FunctionError) {
    throw new HookDeliveryError(`the function failed (${output.FunctionError}): ${excerpt(text)}`);
  }
  return parseHookAnswer(text, subject);
}

function isTransient(error: unknown): boolean {
  const { name = '', $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode;
  if (status === undefined) return true; // never reached Lambda: network
  return (
    status >= 500 ||
    status === 429 ||
    /Throttl|TooManyRequests|ServiceException|ResourceConflict|ResourceNotReady/.test(name)
  );
}
