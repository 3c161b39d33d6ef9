import { AlbTrafficRouter } from '#aws/alb-traffic-router';
import type { AwsClients } from '#aws/clients';
import { ElbTargetHealthSource } from '#aws/elb-target-health-source';
import type { CutoverPorts } from '#core/use-cases/ports';
import type { Clock } from '#ports/clock';
import { perRouter, type RegionalClient } from './memo.ts';

// The SDK client type, named through the client set so this module imports no SDK package.
type ElasticLoadBalancingV2Client = AwsClients['elbv2'];

/** Default read-back budget of router writes (the verify Lambda's timeout leaves room for it). */
export const VERIFY_BUDGET_SECONDS = 120;

/** `routerFor` over ELBv2: the router's listener or rule, in the router's region. */
export function routerFor(
  elbv2For: RegionalClient<ElasticLoadBalancingV2Client>,
  options: { readonly clock: Clock; readonly verifyBudgetSeconds?: number },
): CutoverPorts['routerFor'] {
  return perRouter(
    (router) =>
      new AlbTrafficRouter({
        client: elbv2For(router.region),
        router,
        clock: options.clock,
        verifyBudgetSeconds: options.verifyBudgetSeconds ?? VERIFY_BUDGET_SECONDS,
      }),
  );
}

/** `healthFor` over ELBv2 DescribeTargetHealth, in the router's region. */
export function healthFor(elbv2For: RegionalClient<ElasticLoadBalancingV2Client>): CutoverPorts['healthFor'] {
  return perRouter((router) => new ElbTargetHealthSource({ client: elbv2For(router.region) }));
}
