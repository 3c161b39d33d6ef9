import type { AwsClients } from '#aws/clients';
import { CloudWatchAlarmSource } from '#aws/cloudwatch-alarm-source';
import { CloudWatchMetricsSource } from '#aws/cloudwatch-metrics-source';
import type { CutoverPorts } from '#core/use-cases/ports';
import { perRouter, type RegionalClient } from './memo.ts';

// The SDK client type, named through the client set so this module imports no SDK package.
type CloudWatchClient = AwsClients['cloudWatch'];

/** `metricsFor`: the router's ALB metrics (GetMetricData), in the router's region. */
export function metricsFor(cloudWatchFor: RegionalClient<CloudWatchClient>): CutoverPorts['metricsFor'] {
  return perRouter((router) => new CloudWatchMetricsSource({ client: cloudWatchFor(router.region) }));
}

/** `alarmsFor`: the plan's alarm states (DescribeAlarms), in the router's region. */
export function alarmsFor(cloudWatchFor: RegionalClient<CloudWatchClient>): CutoverPorts['alarmsFor'] {
  return perRouter((router) => new CloudWatchAlarmSource({ client: cloudWatchFor(router.region) }));
}
