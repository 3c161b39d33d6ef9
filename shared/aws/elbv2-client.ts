import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** ELBv2: the router (listeners, rules) and target health. */
export function createElbv2Client(options: ClientOptions): ElasticLoadBalancingV2Client {
  return withPlugins(new ElasticLoadBalancingV2Client(sdkClientConfig(options)), options);
}
