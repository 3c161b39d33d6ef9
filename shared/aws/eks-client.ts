import { EKSClient } from '@aws-sdk/client-eks';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** EKS: cluster and nodegroup readiness (preflight). */
export function createEksClient(options: ClientOptions): EKSClient {
  return withPlugins(new EKSClient(sdkClientConfig(options)), options);
}
