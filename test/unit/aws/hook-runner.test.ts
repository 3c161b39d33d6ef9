import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsHookRunner } from '#aws/aws-hook-runner';
import { SIGNATURE_HEADER, signBody } from '#aws/https-hook-caller';
import type { LambdaHook, UrlHook } from '#plan/hook-types';
import type { Clock } from '#ports/clock';
import type { HookEvent } from '#ports/hook-runner';
import { REGION, testCredentials } from './kit.ts';

const FUNCTION_ARN = `arn:aws:lambda:${REGION}:123456789012:function:crawler-smoke`;
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:123456789012:secret:cutover-hook`;
const SECRET = 'shared-signing-key';

const lambdaMock = mockClient(LambdaClient);
const secretsMock = mockClient(SecretsManagerClient);
const lambda = new LambdaClient({ region: REGION, credentials: testCredentials });
const secrets = new SecretsManagerClient({ region: REGION, credentials: testCredentials });

/** Real time for `now` (fetch timeouts are real), recorded and skipped backoff sleeps. */
function recordingClock(): Clock & { readonly slept: number[] } {
  let skipped = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(Date.now() + skipped),
    sleep: async (ms) => {
      slept.push(ms);
      skipped += ms;
    },
  };
}

function event(clock: Clock, timeoutMs: number, hook: HookEvent['hook'] = 'preTraffic'): HookEvent {
  const now = clock.now();
  return {
    version: 1,
    hook,
    planName: 'crawler-vm-to-ecs-tested',
    executionArn: `arn:aws:states:${REGION}:123456789012:execution:cutover:crawler`,
    step: { index: 0, label: 'step 1/4', weights: { vm: 95, ecs: 5 } },
    weights: { vm: 100, ecs: 0 },
    from: 'vm',
    to: 'ecs',
    attempt: 1,
    deadline: new Date(now.getTime() + timeoutMs).toISOString(),
    sentAt: now.toISOString(),
  };
}

function runner(clock: Clock) {
  return new AwsHookRunner({
    lambdaFor: () => lambda,
    secretsFor: () => secrets,
    fetch: (url, init) => fetch(url, init),
    clock,
    baseDelayMs: 100,
  });
}

const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)) as never;

describe('AwsHookRunner: Lambda hooks', () => {
  const hook: LambdaHook = { kind: 'lambda', functionArn: FUNCTION_ARN, timeoutSeconds: 60, retries: 2 };
  beforeEach(() => lambdaMock.reset());

  it('invokes the function synchronously with the event and returns its answer', async () => {
    // Prepare
    const clock = recordingClock();
    lambdaMock
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: payload({ verdict: 'pass', reason: 'smoke ok' }) });
    const sent = event(clock, 60_000);
    // Act
    const answer = await runner(clock).call(hook, sent);
    // Assess
    expect(answer).toEqual({ verdict: 'pass', reason: 'smoke ok' });
    const input = lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input?.FunctionName).toBe(FUNCTION_ARN);
    expect(input?.InvocationType).toBe('RequestResponse');
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual(sent);
  });

  it('redelivers a throttled call and a function error with growing backoff, then answers', async () => {
    const clock = recordingClock();
    lambdaMock
      .on(InvokeCommand)
      .rejectsOnce(
        new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }),
      )
      .resolvesOnce({
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: payload({ errorMessage: 'boom' }),
      })
      .resolves({ StatusCode: 200, Payload: payload({ verdict: 'fail', reason: 'p99 1.2s' }) });
    const answer = await runner(clock).call(hook, event(clock, 60_000));
    expect(answer).toEqual({ verdict: 'fail', reason: 'p99 1.2s' });
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(3);
    expect(clock.slept).toEqual([100, 200]);
  });

  it('gives up after its retries with HookUnreachable naming the last failure', async () => {
    const clock = recordingClock();
    lambdaMock
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: payload({ errorMessage: 'boom' }) });
    await expect(runner(clock).call(hook, event(clock, 60_000))).rejects.toMatchObject({
      name: 'HookUnreachable',
      message: expect.stringMatching(/the function failed \(Unhandled\).*boom.*after 3 attempts/),
    });
  });

  it('reads an answer it cannot understand as a fail that quotes it', async () => {
    const clock = recordingClock();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ ok: true }) });
    const answer = await runner(clock).call(hook, event(clock, 60_000));
    expect(answer.verdict).toBe('fail');
    expect(answer.reason).toMatch(
      /answered .*ok.*true.*; allowed \{"verdict": "pass" \| "fail" \| "retryLater"/,
    );
  });
});

describe('AwsHookRunner: HTTPS hooks', () => {
  let server: Server;
  let url: string;
  let respond: (request: IncomingMessage, body: string, response: ServerResponse) => void;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        respond(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cutover`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
    secretsMock.reset();
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: SECRET });
  });
  const hook = (retries = 2): UrlHook => ({
    kind: 'url',
    url,
    secretArn: SECRET_ARN,
    timeoutSeconds: 60,
    retries,
  });
  const json = (response: ServerResponse, status: number, value: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(value));
  };

  it('POSTs the event signed with HMAC-SHA256 of the body under the secret from Secrets Manager', async () => {
    respond = (_request, _body, response) => json(response, 200, { verdict: 'pass' });
    const clock = recordingClock();
    const sent = event(clock, 60_000, 'afterStep');
    const answer = await runner(clock).call(hook(), sent);
    expect(answer).toEqual({ verdict: 'pass' });
    expect(secretsMock).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ARN });
    const [request] = received;
    expect(JSON.parse(request?.body ?? '')).toEqual(sent);
    expect(request?.headers[SIGNATURE_HEADER]).toBe(signBody(request?.body ?? '', SECRET));
    expect(request?.headers[SIGNATURE_HEADER]).not.toBe(signBody(request?.body ?? '', 'another-key'));
    expect(request?.headers['x-cutover-hook']).toBe('afterStep');
  });

  it('retries HTTP 503 with backoff, then returns the answer', async () => {
    let calls = 0;
    respond = (_request, _body, response) => {
      calls += 1;
      if (calls < 3) json(response, 503, { message: 'busy' });
      else json(response, 200, { verdict: 'retryLater', retryAfterSeconds: 30 });
    };
    const clock = recordingClock();
    const answer = await runner(clock).call(hook(), event(clock, 60_000));
    expect(answer).toEqual({ verdict: 'retryLater', retryAfterSeconds: 30 });
    expect(received).toHaveLength(3);
    expect(clock.slept).toEqual([100, 200]);
  });

  it('does not retry a 4XX: it is a fail with the status', async () => {
    respond = (_request, _body, response) => json(response, 401, { message: 'bad signature' });
    const clock = recordingClock();
    const answer = await runner(clock).call(hook(), event(clock, 60_000));
    expect(answer.verdict).toBe('fail');
    expect(answer.reason).toMatch(/HTTP 401/);
    expect(received).toHaveLength(1);
  });

  it('times out a hook that never answers', async () => {
    respond = () => {}; // holds the request open
    const clock = recordingClock();
    await expect(runner(clock).call(hook(0), event(clock, 300))).rejects.toMatchObject({
      name: 'HookTimeout',
    });
  });
});
