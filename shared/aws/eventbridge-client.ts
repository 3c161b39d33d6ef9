import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** EventBridge: Cutover events on the bus. */
export function createEventBridgeClient(options: ClientOptions): EventBridgeClient {
  return withPlugins(new EventBridgeClient(sdkClientConfig(options)), options);
}
