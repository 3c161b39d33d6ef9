import { ECSClient } from '@aws-sdk/client-ecs';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** ECS: service readiness (preflight). */
export function createEcsClient(options: ClientOptions): ECSClient {
  return withPlugins(new ECSClient(sdkClientConfig(options)), options);
}
