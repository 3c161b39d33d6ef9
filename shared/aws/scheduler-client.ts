import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** EventBridge Scheduler: scheduled cutovers (`cutover schedule`; CLI only). */
export function createSchedulerClient(options: ClientOptions): SchedulerClient {
  return withPlugins(new SchedulerClient(sdkClientConfig(options)), options);
}
