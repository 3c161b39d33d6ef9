import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** Auto Scaling: EC2 group capacity (preflight). */
export function createAutoScalingClient(options: ClientOptions): AutoScalingClient {
  return withPlugins(new AutoScalingClient(sdkClientConfig(options)), options);
}
