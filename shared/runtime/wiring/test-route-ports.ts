import { AlbTestRoutes } from '#aws/alb-test-routes';
import type { AwsClients } from '#aws/clients';
import { HttpProbeSource, type HttpTransport } from '#aws/http-probe';
import type { CutoverPorts } from '#core/use-cases/ports';
import type { Clock } from '#ports/clock';
import { perRouter, type RegionalClient } from './memo.ts';

// The SDK client type, named through the client set so this module imports no SDK package.
type ElasticLoadBalancingV2Client = AwsClients['elbv2'];

/** `testRoutesFor` over ELBv2 listener rules, in the router's region. */
export function testRoutesFor(
  elbv2For: RegionalClient<ElasticLoadBalancingV2Client>,
  clock: Clock,
): CutoverPorts['testRoutesFor'] {
  return perRouter((router) => new AlbTestRoutes({ client: elbv2For(router.region), clock }));
}

/** `probeFor`: HTTP(S) through the router's load balancer (address read with ELBv2). */
export function probeFor(
  elbv2For: RegionalClient<ElasticLoadBalancingV2Client>,
  transport?: HttpTransport,
): CutoverPorts['probeFor'] {
  return perRouter(
    (router) => new HttpProbeSource({ client: elbv2For(router.region), ...(transport ? { transport } : {}) }),
  );
}
