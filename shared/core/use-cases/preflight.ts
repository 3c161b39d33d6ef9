import type { Target } from '../../plan/types.ts';
import { PreflightFailedError } from '../errors.ts';
import { alarmsGate, type GateVerdict, healthGate, readinessGate, runGate } from '../gates.ts';
import { formatPhaseHalt } from '../reasons.ts';
import { foreignTargetGroups } from '../target-weights.ts';
import type { Weights } from '../weights.ts';
import { mayBeDead } from './capacity.ts';
import { requireOwnLease } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';
import type { LeasedInput, PreflightOutput } from './shapes.ts';
import { openTestRoute } from './test-route.ts';

/** Targets that get weight in any step other than `from`: the destinations. */
export function destinationTargets(input: LeasedInput): Target[] {
  const { plan } = input;
  return Object.values(plan.targets).filter(
    (target) => target.name !== plan.from && plan.steps.some((step) => (step.weights[target.name] ?? 0) > 0),
  );
}

/**
 * A retreat drill returns every weight to `from` at its end, so it must start there: otherwise its
 * last step would not put the router back where it was.
 */
function retreatDrillStartProblem(input: LeasedInput, snapshotWeights: Weights): string | undefined {
  const { plan } = input;
  const source = plan.targets[plan.from];
  if (plan.kind !== 'retreat-drill' || source === undefined) return undefined;
  const share = snapshotWeights[source.targetGroupArn] ?? 0;
  if (share === 100) return undefined;
  return `retreat drill starts with all traffic on ${plan.from}; got ${plan.from}=${share}% — a drill proves the way back from a finished cutover, not from a split`;
}

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
  const verdicts: GateVerdict[] = [];
  for (const target of destinationTargets(input)) {
    verdicts.push(
      await runGate('platformReadiness', target.name, async () =>
        readinessGate(await deps.platformFor(plan.router, target).readiness()),
      ),
    );
    verdicts.push(
      await runGate('minHealthyTargets', target.name, async () =>
        healthGate(
          'minHealthyTargets',
          target.name,
          await health.health(target.targetGroupArn),
          plan.gates.minHealthyTargets,
        ),
      ),
    );
  }
  for (const target of Object.values(plan.targets)) {
    if ((snapshotWeights[target.targetGroupArn] ?? 0) <= 0 || mayBeDead(plan, target.name)) continue;
    verdicts.push(
      await runGate('retreatCapacity', target.name, async () =>
        healthGate(
          'retreatCapacity',
          target.name,
          await health.health(target.targetGroupArn),
          plan.retreat.minHealthyTargets,
        ),
      ),
    );
  }
  if (plan.gates.alarms.length > 0) {
    verdicts.push(
      await runGate('alarms', 'alarms', async () =>
        alarmsGate(await deps.alarmsFor(plan.router).states(plan.gates.alarms), {
          insufficientDataIsInconclusive: false,
        }),
      ),
    );
  }
  const problems = verdicts.filter((verdict) => verdict.verdict !== 'pass').map((verdict) => verdict.reason);
  for (const arn of foreignTargetGroups(plan, snapshotWeights)) {
    problems.push(
      `router sends ${snapshotWeights[arn]}% to target group ${arn}, which the plan does not name — add it to targets or move its traffic first`,
    );
  }
  const drillStart = retreatDrillStartProblem(input, snapshotWeights);
  if (drillStart !== undefined) problems.push(drillStart);
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
