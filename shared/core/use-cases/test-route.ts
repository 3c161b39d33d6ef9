import type { ResolvedPlan } from '#plan/types';
import type { Lease } from '#ports/lease-store';
import type { TestRouteRecord, TestRouteSpec } from '#ports/test-route';
import { routerRefFromArn } from '../router-ref.ts';
import { requireOwnLease } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';

/**
 * The plan's test route: one header-matched listener rule forwarding only to the destination, made
 * at Preflight (before any weight write) and removed at every ending. The lease carries it — first
 * what to look for, then the rule ARN — so the release of any path, or the safety net after the
 * execution died, finds and removes exactly this rule and nothing else.
 */

export function testRouteSpec(plan: ResolvedPlan): TestRouteSpec | undefined {
  const route = plan.testRoute;
  const destination = plan.targets[plan.to];
  if (route === undefined || destination === undefined) return undefined;
  return {
    listenerArn: plan.router.listenerArn,
    header: route.header,
    value: route.value,
    targetGroupArn: destination.targetGroupArn,
    ...(route.priority === undefined ? {} : { priority: route.priority }),
    ...(plan.router.kind === 'rule' ? { routerRuleArn: plan.router.arn } : {}),
  };
}

/** Creates (or finds again) the test route under our lease; fenced before and after the write. */
export async function openTestRoute(
  input: { readonly plan: ResolvedPlan; readonly executionArn: string; readonly token: number },
  deps: UseCaseDeps,
): Promise<Required<TestRouteRecord> | undefined> {
  const { plan, executionArn, token } = input;
  const spec = testRouteSpec(plan);
  if (spec === undefined) return undefined;
  // Recorded before the create: if this Lambda dies mid-way, whoever ends the cutover finds the rule by its header.
  const { priority: _priority, routerRuleArn: _router, ...lookFor } = spec;
  await deps.leases.update(plan.router.arn, token, { testRoute: lookFor });
  const record = await deps.testRoutesFor(plan.router).ensure(spec);
  await requireOwnLease(deps, plan, executionArn, token);
  await deps.leases.update(plan.router.arn, token, { testRoute: record });
  await deps.audit.record({
    at: deps.clock.now().toISOString(),
    planName: plan.name,
    executionArn,
    routerArn: plan.router.arn,
    action: 'test_route_created',
    token,
    who: 'cutover',
    reason: `test route ${record.header}: ${record.value} → ${plan.to} (${record.ruleArn}, priority ${record.priority}); removed when the cutover ends`,
  });
  deps.log.info('test route ready', { ruleArn: record.ruleArn, priority: record.priority });
  return record;
}

/**
 * Removes the test route the lease names (a no-op without one) and then forgets it on the lease.
 * `who` is the actor for the audit log: `cutover` or `cutover-safety-net`.
 */
export async function closeTestRoute(
  input: {
    readonly lease: Lease;
    readonly token: number;
    readonly executionArn: string;
    readonly who: string;
  },
  deps: UseCaseDeps,
): Promise<void> {
  const { lease, token, executionArn, who } = input;
  const record = lease.testRoute;
  if (record === undefined) return;
  const deleted = await deps.testRoutesFor(routerRefFromArn(lease.routerArn)).remove(record);
  await deps.leases.update(lease.routerArn, token, { remove: ['testRoute'] });
  await deps.audit.record({
    at: deps.clock.now().toISOString(),
    planName: lease.planName,
    executionArn,
    routerArn: lease.routerArn,
    action: 'test_route_removed',
    token,
    who,
    reason: deleted
      ? `test route ${record.header}: ${record.value} removed (${record.ruleArn ?? 'found by its header'})`
      : `test route ${record.header}: ${record.value} was already gone`,
  });
  deps.log.info('test route removed', { ruleArn: record.ruleArn ?? null, deleted });
}
