import { createHmac } from 'node:crypto';
import type { UrlHook } from '#plan/hook-types';
import type { HookAnswer, HookEvent } from '#ports/hook-runner';
import { excerpt, parseHookAnswer } from './hook-answer.ts';
import { HookDeliveryError, isDeadlineAbort } from './hook-delivery.ts';

/** The `fetch` the caller uses (the global one; a stand-in in rehearsals and tests). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body, keyed by the secret>`. */
export const SIGNATURE_HEADER = 'x-cutover-signature';
export const HOOK_HEADER = 'x-cutover-hook';

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * One signed POST of the event. The receiver recomputes the HMAC over the raw body with the shared
 * secret and compares in constant time; the body carries `sentAt` and `executionArn`, so a replay is
 * recognisable. No redirects (a redirect would carry the signed body somewhere unvetted). HTTP 5XX,
 * 429 and network errors are `HookDeliveryError` (redelivered); other non-2XX answers are a fail.
 */
export async function postHook(
  fetch: Fetch,
  hook: UrlHook,
  event: HookEvent,
  secret: string,
  timeLeftMs: number,
): Promise<HookAnswer> {
  const subject = `hook ${event.hook} (${hook.url})`;
  const body = JSON.stringify(event);
  let response: Response;
  let text: string;
  try {
    response = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(body, secret),
        [HOOK_HEADER]: event.hook,
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeLeftMs),
    });
    text = await response.text();
  } catch (error) {
    if (isDeadlineAbort(error)) throw error;
    throw new HookDeliveryError(`POST failed (${(error as Error).message ?? String(error)})`, {
      cause: error,
    });
  }
  if (response.status === 429 || response.status >= 500) {
    throw new HookDeliveryError(`HTTP ${response.status}: ${excerpt(text)}`);
  }
  if (response.status < 200 || response.status > 299) {
    return { verdict: 'fail', reason: `${subject} answered HTTP ${response.status}: ${excerpt(text)}` };
  }
  return parseHookAnswer(text, subject);
}
