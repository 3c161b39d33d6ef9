import { PreflightFailedError } from '../errors.ts';
import { preflightFindings, preflightVerdicts } from '../preflight-checks.ts';
import { formatPhaseHalt } from '../reasons.ts';
import { requireOwnLease } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';
import type { LeasedInput, PreflightOutput } from './shapes.ts';
import { openTestRoute } from './test-route.ts';

/**
 * Phase 4: before any write — every destination platform ready and healthy ≥ the gate minimum, the
 * way back (the snapshot's targets with weight) healthy ≥ the retreat minimum (an emergency retreat's
 * source, `retreat.sourceMayBeDead`, is not checked: only the destination is), no alarm in ALARM,
 * and no weighted target group on the router that the plan does not know. Every problem is reported.
 */
export async function preflight(input: LeasedInput, deps: UseCaseDeps): Promise<PreflightOutput> {
  const { plan, executionArn, lease: ref } = input;
  const lease = await requireOwnLease(deps, plan, executionArn, ref.token);
  const snapshotWeights = lease.snapshot?.weights ?? {};
  const health = deps.healthFor(plan.router);
  const verdicts = await preflightVerdicts(plan, snapshotWeights, {
    health: (target) => health.health(target.targetGroupArn),
    readiness: (target) => deps.platformFor(plan.router, target).readiness(),
    alarms: (names) => deps.alarmsFor(plan.router).states(names),
  });
  const problems = preflightFindings(plan, snapshotWeights, verdicts).map((finding) => finding.reason);
  if (problems.length > 0) {
    throw new PreflightFailedError(formatPhaseHalt('preflight', problems.join('; '), 'release'));
  }
  deps.log.info('preflight passed', { checks: verdicts.length });
  const route = await openTestRoute({ plan, executionArn, token: ref.token }, deps);
  const routeCheck = route
    ? [`test route ${route.header}: ${route.value} → ${plan.to} (priority ${route.priority})`]
    : [];
  return { checks: [...verdicts.map((verdict) => verdict.reason), ...routeCheck] };
}
