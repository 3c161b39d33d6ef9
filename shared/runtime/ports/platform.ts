import { createAutoScalingClient } from '#aws/auto-scaling-client';
import { createEcsClient } from '#aws/ecs-client';
import { createEksClient } from '#aws/eks-client';
import { createElbv2Client } from '#aws/elbv2-client';
import { perRegion } from '../wiring/memo.ts';
import { platformFor } from '../wiring/platform-port.ts';
import type { PortBuilder } from '../wiring/wiring-context.ts';
import { healthPort } from './router.ts';

/** `platformFor`: EC2 (ASG), ECS or EKS readiness of a target, in the router's region. */
export const platformPort: PortBuilder<'platformFor'> = (context) => {
  const clients = perRegion((region) => ({
    elbv2: context.client('elbv2', region, createElbv2Client),
    ecs: context.client('ecs', region, createEcsClient),
    eks: context.client('eks', region, createEksClient),
    autoScaling: context.client('autoScaling', region, createAutoScalingClient),
  }));
  return platformFor(clients, healthPort(context), context.kubernetesConnector);
};
