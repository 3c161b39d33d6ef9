import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** Secrets Manager: the signing secrets of HTTPS hooks. */
export function createSecretsManagerClient(options: ClientOptions): SecretsManagerClient {
  return withPlugins(new SecretsManagerClient(sdkClientConfig(options)), options);
}
