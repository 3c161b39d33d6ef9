import type { ResolvedPlan } from '#plan/types';
import type { Weights } from './weights.ts';

/**
 * Plans speak in target names (`vm`, `ecs`); the router speaks in target group ARNs. These two
 * functions are the only place the two key spaces meet.
 */

/** Percent per target group ARN for a weights map keyed by target name. Unknown names are a caller bug. */
export function toTargetGroupWeights(plan: ResolvedPlan, byName: Weights): Weights {
  const byArn: Record<string, number> = {};
  for (const [name, weight] of Object.entries(byName)) {
    const target = plan.targets[name];
    if (!target)
      throw new RangeError(
        `plan ${plan.name}: no target named "${name}" (weights ${JSON.stringify(byName)})`,
      );
    byArn[target.targetGroupArn] = weight;
  }
  return byArn;
}

/**
 * Percent per target name for a weights map keyed by target group ARN. A target group the plan does
 * not name keeps its ARN as key, so nothing the router carries is hidden from a message.
 */
export function toTargetNameWeights(plan: ResolvedPlan, byArn: Weights): Weights {
  return byTargetName(byArn, targetNamesOf(plan));
}

/** Target group ARNs the router carries with weight > 0 that the plan does not name. */
export function foreignTargetGroups(plan: ResolvedPlan, byArn: Weights): string[] {
  const known = new Set(Object.values(plan.targets).map((target) => target.targetGroupArn));
  return Object.entries(byArn)
    .filter(([arn, weight]) => weight > 0 && !known.has(arn))
    .map(([arn]) => arn);
}

/** The plan's name for a target group ARN (the ARN itself when the plan does not name it). */
export function targetNameOf(plan: ResolvedPlan, targetGroupArn: string): string {
  return (
    Object.values(plan.targets).find((target) => target.targetGroupArn === targetGroupArn)?.name ??
    targetGroupArn
  );
}

/** Target name per target group ARN: what events and messages say instead of an ARN. */
export type TargetNames = Readonly<Record<string, string>>;

export function targetNamesOf(plan: ResolvedPlan): TargetNames {
  return Object.fromEntries(
    Object.values(plan.targets).map((target) => [target.targetGroupArn, target.name]),
  );
}

/**
 * Weights keyed by target name: every named target appears (0 when the router does not list it), and
 * a target group `names` does not know keeps its ARN. Callers without the plan (the safety net) pass
 * the names recorded on the lease.
 */
export function byTargetName(byArn: Weights, names: TargetNames): Weights {
  const byName: Record<string, number> = {};
  for (const name of Object.values(names)) byName[name] = 0;
  for (const [arn, weight] of Object.entries(byArn)) byName[names[arn] ?? arn] = weight;
  return byName;
}
