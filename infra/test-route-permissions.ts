import * as iam from 'aws-cdk-lib/aws-iam';
import type { FunctionSpec } from './function-catalog.ts';
import type { RouterScope } from './router-arns.ts';

/**
 * The test route (plan `testRoute`): preflight creates one listener rule, complete and the safety
 * net delete it. Scoped to the listeners of the configured routers (a rule router's own listener)
 * and to rules under those listeners — never `*`, and never ModifyRule on rules we did not make.
 */

/** The listener of each configured router: listener ARNs as they are, a rule's listener by its ARN. */
export function routerListenerArns(routers: RouterScope): string[] {
  const fromRules = routers.ruleArns.map((arn) =>
    arn.replace(':listener-rule/', ':listener/').replace(/\/[^/]+$/, ''),
  );
  return [...new Set([...routers.listenerArns, ...fromRules])];
}

/** `…:listener-rule/app/<lb>/<id>/<listener id>/*`: any rule under one listener. */
export function rulesUnder(listenerArn: string): string {
  return `${listenerArn.replace(':listener/', ':listener-rule/')}/*`;
}

export function testRouteStatements(spec: FunctionSpec, routers: RouterScope): iam.PolicyStatement[] {
  const listeners = routerListenerArns(routers);
  const statements: iam.PolicyStatement[] = [];
  if (spec.createsTestRoutes) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'CreateTestRouteRules',
        actions: ['elasticloadbalancing:CreateRule'],
        // The action is authorized against the listener and the rule it creates.
        resources: [...listeners, ...listeners.map(rulesUnder)],
      }),
    );
  }
  if (spec.deletesTestRoutes) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'DeleteTestRouteRules',
        actions: ['elasticloadbalancing:DeleteRule'],
        resources: listeners.map(rulesUnder),
      }),
    );
  }
  return statements;
}

/** The IAM5 finding ids of the rule wildcards above, with the reason they are accepted. */
export function testRouteNagFindings(
  spec: FunctionSpec,
  routers: RouterScope,
): { readonly id: string; readonly reason: string }[] {
  if (!spec.createsTestRoutes && !spec.deletesTestRoutes) return [];
  return routerListenerArns(routers).map((listener) => ({
    id: `AwsSolutions-IAM5[Resource::${rulesUnder(listener)}]`,
    reason: `The test route's rule ARN is made by CreateRule at run time; the pattern is limited to rules under the configured listener ${listener}`,
  }));
}
