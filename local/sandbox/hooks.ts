import { timingSafeEqual } from 'node:crypto';
import type { Fetch } from '#aws/https-hook-caller';
import { SIGNATURE_HEADER, signBody } from '#aws/https-hook-caller';
import type { HookPoint } from '#plan/hook-types';
import type { HookEvent } from '#ports/hook-runner';
import type { VirtualClock } from '../virtual-clock.ts';

/** How the sandbox answers one hook point (scenario `hooks`). */
export interface SandboxHookBehaviour {
  /** The final answer; `never` lets every call run into its deadline. */
  readonly answer: 'pass' | 'fail' | 'never';
  /** Virtual time each call takes. */
  readonly latencyMs: number;
  /** The first N calls fail to deliver (Lambda function error, HTTP 503). */
  readonly flaky: number;
  /** The next N delivered calls answer retryLater. */
  readonly retryLater: number;
  readonly reason?: string;
}

/** Scenario `splitSkew`: the ALB serves this target `servesPercent` of requests (while its weight is `atWeight`). */
export interface SplitSkew {
  readonly servesPercent: number;
  readonly atWeight?: number;
}

/** The key every sandbox secret holds; the sandbox checks URL hook signatures with it. */
export const SANDBOX_SIGNING_KEY = 'sandbox-signing-key';
const DEFAULT_BEHAVIOUR: SandboxHookBehaviour = { answer: 'pass', latencyMs: 1_000, flaky: 0, retryLater: 0 };

export interface HookCallRecord {
  readonly at: number;
  readonly point: HookPoint;
  readonly via: 'lambda' | 'url';
  readonly outcome: 'pass' | 'fail' | 'retryLater' | 'undelivered' | 'timeout' | 'badSignature';
}

/**
 * The far side of lifecycle hooks in a rehearsal: the Lambda functions and HTTPS endpoints the plan
 * names, answering as the scenario says, on the virtual clock. A call that would outlast the event's
 * deadline ends at the deadline with the error an aborted request raises, as the real caller sees it.
 */
export class SandboxHooks {
  readonly calls: HookCallRecord[] = [];
  readonly #behaviours: Partial<Record<HookPoint, SandboxHookBehaviour>>;
  readonly #clock: VirtualClock;
  readonly #count = new Map<HookPoint, number>();

  constructor(behaviours: Partial<Record<HookPoint, SandboxHookBehaviour>>, clock: VirtualClock) {
    this.#behaviours = behaviours;
    this.#clock = clock;
  }

  /** Lambda `Invoke` (RequestResponse). */
  async invoke(input: { FunctionName?: string; Payload?: Uint8Array }): Promise<unknown> {
    const event = JSON.parse(new TextDecoder().decode(input.Payload)) as HookEvent;
    const reply = await this.#answer(event, 'lambda');
    const payload = new TextEncoder().encode(JSON.stringify(reply.body));
    return reply.delivered
      ? { StatusCode: 200, Payload: payload, ExecutedVersion: '$LATEST' }
      : { StatusCode: 200, FunctionError: 'Unhandled', Payload: payload, ExecutedVersion: '$LATEST' };
  }

  /** Secrets Manager `GetSecretValue`: every secret holds the sandbox signing key. */
  getSecretValue(input: { SecretId?: string }): unknown {
    return { ARN: input.SecretId, Name: input.SecretId?.split(':').pop(), SecretString: SANDBOX_SIGNING_KEY };
  }

  /** The HTTPS endpoints of URL hooks: checks the signature, then answers like the Lambda. */
  readonly fetch: Fetch = async (_url, init) => {
    const body = String(init.body ?? '');
    const headers = new Headers(init.headers);
    const event = JSON.parse(body) as HookEvent;
    const expected = Buffer.from(signBody(body, SANDBOX_SIGNING_KEY));
    const given = Buffer.from(headers.get(SIGNATURE_HEADER) ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      this.calls.push({
        at: this.#clock.now().getTime(),
        point: event.hook,
        via: 'url',
        outcome: 'badSignature',
      });
      return new Response('{"message":"signature mismatch"}', { status: 401 });
    }
    const reply = await this.#answer(event, 'url');
    return new Response(JSON.stringify(reply.body), { status: reply.delivered ? 200 : 503 });
  };

  async #answer(event: HookEvent, via: 'lambda' | 'url'): Promise<{ delivered: boolean; body: unknown }> {
    const point = event.hook;
    const behaviour = this.#behaviours[point] ?? DEFAULT_BEHAVIOUR;
    const call = (this.#count.get(point) ?? 0) + 1;
    this.#count.set(point, call);
    const left = Date.parse(event.deadline) - this.#clock.now().getTime();
    const record = (outcome: HookCallRecord['outcome']) =>
      this.calls.push({ at: this.#clock.now().getTime(), point, via, outcome });
    if (behaviour.answer === 'never' || behaviour.latencyMs >= left) {
      await this.#clock.sleep(Math.max(0, left));
      record('timeout');
      throw Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    }
    await this.#clock.sleep(behaviour.latencyMs);
    if (call <= behaviour.flaky) {
      record('undelivered');
      return { delivered: false, body: { errorType: 'Error', errorMessage: 'sandbox: flaky hook' } };
    }
    const verdict = call <= behaviour.flaky + behaviour.retryLater ? 'retryLater' : behaviour.answer;
    record(verdict);
    const reason = behaviour.reason ?? `sandbox ${point} hook answers ${verdict}`;
    return { delivered: true, body: { verdict, reason } };
  }
}
