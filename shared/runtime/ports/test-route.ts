import { createElbv2Client } from '#aws/elbv2-client';
import { perRegion } from '../wiring/memo.ts';
import { probeFor, testRoutesFor } from '../wiring/test-route-ports.ts';
import type { PortBuilder, WiringContext } from '../wiring/wiring-context.ts';

const elbv2 = (context: WiringContext) =>
  perRegion((region) => context.client('elbv2', region, createElbv2Client));

/** `testRoutesFor`: the plan's header rule on the router's listener, over ELBv2. */
export const testRoutesPort: PortBuilder<'testRoutesFor'> = (context) =>
  testRoutesFor(elbv2(context), context.clock);

/** `probeFor`: requests through the router's load balancer (its address read with ELBv2). */
export const probePort: PortBuilder<'probeFor'> = (context) =>
  probeFor(elbv2(context), context.probeTransport);
