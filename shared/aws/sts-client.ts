import { STSClient } from '@aws-sdk/client-sts';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** STS: caller identity (CLI only). */
export function createStsClient(options: ClientOptions): STSClient {
  return withPlugins(new STSClient(sdkClientConfig(options)), options);
}
