import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ResolvedHook } from '#plan/hook-types';
import type { Clock } from '#ports/clock';
import type { HookAnswer, HookEvent, HookRunner } from '#ports/hook-runner';
import { deliver } from './hook-delivery.ts';
import { type Fetch, postHook } from './https-hook-caller.ts';
import { invokeLambdaHook } from './lambda-hook-invoker.ts';
import { SecretsManagerSecretReader } from './secrets-manager-secret-reader.ts';

export interface AwsHookRunnerOptions {
  /** Lambda client of a region (hooks are invoked in their ARN's region). */
  lambdaFor(region: string): Pick<LambdaClient, 'send'>;
  secretsFor(region: string): Pick<SecretsManagerClient, 'send'>;
  readonly fetch: Fetch;
  readonly clock: Clock;
  /** First redelivery backoff. Default 1 s. */
  readonly baseDelayMs?: number;
}

/** Lambda hooks by Invoke, URL hooks by a signed POST; redelivery and deadline shared (hook-delivery.ts). */
export class AwsHookRunner implements HookRunner {
  readonly #options: AwsHookRunnerOptions;
  readonly #secrets: SecretsManagerSecretReader;

  constructor(options: AwsHookRunnerOptions) {
    this.#options = options;
    this.#secrets = new SecretsManagerSecretReader((region) => options.secretsFor(region), options.clock);
  }

  async call(hook: ResolvedHook, event: HookEvent): Promise<HookAnswer> {
    const { clock } = this.#options;
    const target = hook.kind === 'lambda' ? `lambda ${hook.functionArn}` : hook.url;
    const delivery = {
      subject: `hook ${event.hook} (${target})`,
      retries: hook.retries,
      deadline: Date.parse(event.deadline),
      clock,
      baseDelayMs: this.#options.baseDelayMs ?? 1_000,
    };
    if (hook.kind === 'lambda') {
      const lambda = this.#options.lambdaFor(hook.functionArn.split(':')[3] ?? '');
      return deliver((left) => invokeLambdaHook(lambda, hook, event, left), delivery);
    }
    const secret = await this.#secrets.secret(hook.secretArn);
    return deliver((left) => postHook(this.#options.fetch, hook, event, secret, left), delivery);
  }
}
