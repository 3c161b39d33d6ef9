import { createElbv2Client } from '#aws/elbv2-client';
import { perRegion } from '../wiring/memo.ts';
import { healthFor, routerFor } from '../wiring/router-ports.ts';
import type { PortBuilder, WiringContext } from '../wiring/wiring-context.ts';

const elbv2 = (context: WiringContext) =>
  perRegion((region) => context.client('elbv2', region, createElbv2Client));

/** `routerFor`: the plan's listener or rule over ELBv2, in the router's region. */
export const routerPort: PortBuilder<'routerFor'> = (context) =>
  routerFor(elbv2(context), {
    clock: context.clock,
    ...(context.verifyBudgetSeconds !== undefined
      ? { verifyBudgetSeconds: context.verifyBudgetSeconds }
      : {}),
  });

/** `healthFor`: DescribeTargetHealth in the router's region. */
export const healthPort: PortBuilder<'healthFor'> = (context) => healthFor(elbv2(context));
