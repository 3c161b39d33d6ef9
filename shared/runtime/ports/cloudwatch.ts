import { createCloudWatchClient } from '#aws/cloudwatch-client';
import { alarmsFor, metricsFor } from '../wiring/cloudwatch-ports.ts';
import { perRegion } from '../wiring/memo.ts';
import type { PortBuilder, WiringContext } from '../wiring/wiring-context.ts';

const cloudWatch = (context: WiringContext) =>
  perRegion((region) => context.client('cloudWatch', region, createCloudWatchClient));

/** `metricsFor`: the router's ALB metrics (GetMetricData). */
export const metricsPort: PortBuilder<'metricsFor'> = (context) => metricsFor(cloudWatch(context));

/** `alarmsFor`: the plan's alarm states (DescribeAlarms). */
export const alarmsPort: PortBuilder<'alarmsFor'> = (context) => alarmsFor(cloudWatch(context));
