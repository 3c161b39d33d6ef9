import { formatDuration } from './duration.ts';
import type { ResolvedPlan } from './types.ts';

/** How `cutover validate` describes the test route and the probe, one line each. */
export function testRouteLines(plan: ResolvedPlan): string[] {
  const route = plan.testRoute;
  if (route === undefined) return [];
  const probe = plan.gates.probe;
  const priority = route.priority === undefined ? 'the lowest free priority' : `priority ${route.priority}`;
  return [
    `test route: requests with ${route.header}: ${route.value} go only to ${plan.to} (a listener rule at ${priority}, created at preflight, removed at every ending)`,
    ...(probe === undefined
      ? []
      : [
          `probe: ${probe.requests} × GET ${probe.baseUrl ?? '<load balancer>'}${probe.path} through the test route every ${formatDuration(plan.intervalSeconds)} of each bake; fails when more of them get a 5XX or no answer within ${formatDuration(probe.timeoutSeconds)} than a ${probe.maxFailurePercent}% flake rate explains (a destination failing every request is caught at the next probe)`,
        ]),
  ];
}
