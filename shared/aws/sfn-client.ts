import { SFNClient } from '@aws-sdk/client-sfn';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** Step Functions: execution status (safety net, CLI). */
export function createSfnClient(options: ClientOptions): SFNClient {
  return withPlugins(new SFNClient(sdkClientConfig(options)), options);
}
