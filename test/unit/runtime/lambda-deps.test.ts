import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorName } from '#core/errors';
import { routerRefFromArn } from '#core/router-ref';
import { CutoverEventType } from '#ports/event-sink';
import { lambdaDeps, lambdaEnv } from '#runtime/lambda-deps';
import { fakeWorld, LISTENER_ARN, VM_TG } from '#test/support/fakes';

const FUNCTIONS_DIR = new URL('../../../functions/', import.meta.url);

describe('lambdaDeps', () => {
  it('hands the use-case the ports the function wired, untouched', () => {
    // Prepare
    const world = fakeWorld({ initialWeights: { [VM_TG]: 100 } });
    // Act
    const deps = lambdaDeps('verify', lambdaEnv({ TABLE_NAME: 'cutover' }), {
      routerFor: world.deps.routerFor,
      leases: world.leases,
    });
    // Assess
    expect(deps.leases).toBe(world.leases);
    expect(deps.routerFor).toBe(world.deps.routerFor);
  });

  it('makes every port the function did not wire fail loudly, naming the port and the function', async () => {
    // Prepare
    const world = fakeWorld({ initialWeights: { [VM_TG]: 100 } });
    const deps = lambdaDeps('verify', lambdaEnv({ TABLE_NAME: 'cutover' }), {
      routerFor: world.deps.routerFor,
      leases: world.leases,
    });
    const router = routerRefFromArn(LISTENER_ARN);
    // Act
    const calls = {
      healthFor: () => deps.healthFor(router),
      events: () =>
        deps.events.emit({
          type: CutoverEventType.Started,
          detail: {
            planName: 'p',
            executionArn: 'e',
            step: null,
            weightsBefore: null,
            weightsAfter: null,
            reason: '',
          },
        }),
      ledger: () => deps.ledger.status('e'),
    };
    // Assess
    for (const [port, call] of Object.entries(calls)) {
      expect(call).toThrow(`${port} is not wired in the verify function`);
      expect(call).toThrow(expect.objectContaining({ name: ErrorName.ConfigurationError }));
    }
    // Only using an unwired port fails: it is not a thenable, so returning or awaiting it is harmless.
    await expect(Promise.resolve(deps.executions)).resolves.toBe(deps.executions);
  });
});

describe('lambdaEnv', () => {
  it('refuses to start without TABLE_NAME', () => {
    expect(() => lambdaEnv({})).toThrow(expect.objectContaining({ name: ErrorName.ConfigurationError }));
  });

  it('takes the home region from AWS_REGION and defaults the bus to default', () => {
    expect(lambdaEnv({ TABLE_NAME: 't', AWS_REGION: 'ap-northeast-1' })).toMatchObject({
      tableName: 't',
      homeRegion: 'ap-northeast-1',
      eventBusName: 'default',
    });
  });
});

describe('functions/*/handler.ts', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const names = readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

  it.each(names)('%s builds its handler at cold start from the environment alone', async (name) => {
    // Prepare
    vi.stubEnv('TABLE_NAME', 'cutover');
    vi.stubEnv('AWS_REGION', 'ap-northeast-1');
    // Act
    const module = (await import(new URL(`${name}/handler.ts`, FUNCTIONS_DIR).href)) as { handler?: unknown };
    // Assess
    expect(typeof module.handler).toBe('function');
  });
});
