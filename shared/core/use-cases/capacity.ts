import type { ResolvedPlan } from '#plan/types';
import type { TargetHealthSource } from '#ports/target-health';
import { type GateVerdict, healthGate, runGate } from '../gates.ts';
import type { Weights } from '../weights.ts';

/**
 * The minimum healthy targets a target group must keep while it carries weight: the retreat minimum
 * for the snapshot's targets (the way back), the gate minimum for every other (the destinations).
 */
export function minimumFor(plan: ResolvedPlan, targetGroupArn: string, snapshotWeights: Weights): number {
  return (snapshotWeights[targetGroupArn] ?? 0) > 0
    ? plan.retreat.minHealthyTargets
    : plan.gates.minHealthyTargets;
}

/** An emergency retreat's source (`retreat.sourceMayBeDead`): nothing is asked of its capacity. */
export function mayBeDead(plan: ResolvedPlan, targetName: string): boolean {
  return plan.retreat.sourceMayBeDead !== undefined && plan.retreat.sourceMayBeDead === targetName;
}

/**
 * One health verdict per plan target that carries weight in `weights` (one DescribeTargetHealth each),
 * except an emergency retreat's source, which may be dead: leaving it is the point.
 */
export async function capacityVerdicts(
  plan: ResolvedPlan,
  weights: Weights,
  snapshotWeights: Weights,
  health: TargetHealthSource,
): Promise<GateVerdict[]> {
  const verdicts: GateVerdict[] = [];
  for (const target of Object.values(plan.targets)) {
    if ((weights[target.targetGroupArn] ?? 0) <= 0 || mayBeDead(plan, target.name)) continue;
    const isRetreat = (snapshotWeights[target.targetGroupArn] ?? 0) > 0;
    const gate = isRetreat ? 'retreatCapacity' : 'minHealthyTargets';
    const minimum = minimumFor(plan, target.targetGroupArn, snapshotWeights);
    verdicts.push(
      await runGate(gate, target.name, async () =>
        healthGate(gate, target.name, await health.health(target.targetGroupArn), minimum),
      ),
    );
  }
  return verdicts;
}
