import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** CloudFormation: stack outputs (CLI only). */
export function createCloudFormationClient(options: ClientOptions): CloudFormationClient {
  return withPlugins(new CloudFormationClient(sdkClientConfig(options)), options);
}
