import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** CloudWatch: ALB metrics and alarm states (gates, preflight). */
export function createCloudWatchClient(options: ClientOptions): CloudWatchClient {
  return withPlugins(new CloudWatchClient(sdkClientConfig(options)), options);
}
