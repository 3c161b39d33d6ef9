import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HookUnreachableError } from '#core/hook-errors';
import type { Clock } from '#ports/clock';

/** Signing secrets are re-read this often, so a rotation reaches hooks within minutes. */
const CACHE_MS = 5 * 60_000;

/** Reads a hook's signing secret (SecretString) with GetSecretValue, cached briefly per ARN. */
export class SecretsManagerSecretReader {
  readonly #clientFor: (region: string) => Pick<SecretsManagerClient, 'send'>;
  readonly #clock: Clock;
  readonly #cache = new Map<string, { readonly value: string; readonly until: number }>();

  constructor(clientFor: (region: string) => Pick<SecretsManagerClient, 'send'>, clock: Clock) {
    this.#clientFor = clientFor;
    this.#clock = clock;
  }

  async secret(secretArn: string): Promise<string> {
    const now = this.#clock.now().getTime();
    const cached = this.#cache.get(secretArn);
    if (cached && cached.until > now) return cached.value;
    const region = secretArn.split(':')[3] ?? '';
    let value: string | undefined;
    try {
      const output = await this.#clientFor(region).send(new GetSecretValueCommand({ SecretId: secretArn }));
      value = output.SecretString;
    } catch (error) {
      throw new HookUnreachableError(
        `signing secret ${secretArn}: GetSecretValue failed (${(error as Error).name}: ${(error as Error).message}); check the secret exists and the hook role may read it`,
        { cause: error },
      );
    }
    if (!value) {
      throw new HookUnreachableError(
        `signing secret ${secretArn}: no SecretString; store the shared signing key as a text secret`,
      );
    }
    this.#cache.set(secretArn, { value, until: now + CACHE_MS });
    return value;
  }
}
