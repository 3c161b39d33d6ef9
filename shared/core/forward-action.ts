import { RouterUnavailableError } from './errors.ts';
import type { Weights } from './weights.ts';

/**
 * Pure building of an ALB forward action with new weights. No AWS import: the shapes below are the
 * structural subset of ELBv2 `Action` that this module reads, and every other field of an action is
 * carried through untouched (stickiness, order, authenticate actions before the forward, …).
 */

/** ALB allows at most 5 target groups in one forward action (not adjustable). */
export const MAX_TARGET_GROUPS_PER_FORWARD = 5;
/** ALB weights are integers 0–999. */
export const MAX_ALB_WEIGHT = 999;

export interface TargetGroupTupleShape {
  TargetGroupArn?: string | undefined;
  Weight?: number | undefined;
}

export interface ForwardConfigShape {
  TargetGroups?: TargetGroupTupleShape[] | undefined;
  TargetGroupStickinessConfig?:
    | { Enabled?: boolean | undefined; DurationSeconds?: number | undefined }
    | undefined;
}

export interface ActionShape {
  Type?: string | undefined;
  TargetGroupArn?: string | undefined;
  ForwardConfig?: ForwardConfigShape | undefined;
  Order?: number | undefined;
}

/** Index of the forward action (an ALB router has at most one), or -1. */
export function forwardActionIndex(actions: readonly ActionShape[]): number {
  return actions.findIndex((action) => action.Type === 'forward');
}

/** The action types, for messages such as `default action is redirect, not forward`. */
export function actionTypes(actions: readonly ActionShape[]): string {
  return actions.length === 0 ? 'none' : actions.map((action) => action.Type ?? 'unknown').join(', ');
}

/**
 * Target groups and raw ALB weights of a forward action, in the action's order. A forward action
 * written with only `TargetGroupArn` sends everything to that group; a tuple without a weight
 * counts as 1 (the ALB default).
 */
export function albWeightsOf(action: ActionShape): [arn: string, weight: number][] {
  const tuples = action.ForwardConfig?.TargetGroups ?? [];
  if (tuples.length > 0) {
    return tuples
      .filter((tuple): tuple is { TargetGroupArn: string; Weight?: number } => Boolean(tuple.TargetGroupArn))
      .map((tuple) => [tuple.TargetGroupArn, tuple.Weight ?? 1]);
  }
  return action.TargetGroupArn ? [[action.TargetGroupArn, 1]] : [];
}

/**
 * ALB weights (any integers 0–999) as percent shares of their sum, rounded by largest remainder so
 * the shares are integers that sum to exactly 100 (ties go to the group listed first). When every
 * weight is 0 no share can be computed and every group reads 0.
 */
export function sharesOf(albWeights: readonly (readonly [string, number])[]): Weights {
  const total = albWeights.reduce((sum, [, weight]) => sum + weight, 0);
  const shares: Record<string, number> = {};
  if (total === 0) {
    for (const [arn] of albWeights) shares[arn] = 0;
    return shares;
  }
  const exact = albWeights.map(([arn, weight]) => ({ arn, exact: (weight * 100) / total }));
  let remaining = 100;
  for (const entry of exact) {
    const floor = Math.floor(entry.exact);
    shares[entry.arn] = floor;
    remaining -= floor;
  }
  const byRemainder = exact
    .map((entry, position) => ({ ...entry, position, remainder: entry.exact - Math.floor(entry.exact) }))
    .sort((a, b) => b.remainder - a.remainder || a.position - b.position);
  for (const entry of byRemainder.slice(0, remaining)) shares[entry.arn] = (shares[entry.arn] ?? 0) + 1;
  return shares;
}

/** The forward action, or RouterUnavailableError naming the types found (redirect, fixed-response, …). */
function requireForward<A extends ActionShape>(actions: readonly A[], subject: string): A {
  const forward = actions[forwardActionIndex(actions)];
  if (!forward) {
    throw new RouterUnavailableError(
      `${subject}: action is ${actionTypes(actions)}, not forward; Cutover shifts weights of a forward action only — ` +
        'point the plan at a listener or rule that forwards to target groups',
    );
  }
  return forward;
}

/** Percent shares of the forward action among `actions` (`subject` names the router in errors). */
export function readForwardShares(actions: readonly ActionShape[], subject = 'router'): Weights {
  return sharesOf(albWeightsOf(requireForward(actions, subject)));
}

/** Throws unless `desired` is integer percent values 0–100 summing to 100 — a caller bug otherwise. */
function assertPercentWeights(desired: Weights): void {
  const values = Object.values(desired);
  const valid = values.every((value) => Number.isInteger(value) && value >= 0 && value <= 100);
  const sum = values.reduce((total, value) => total + value, 0);
  if (!valid || sum !== 100) {
    throw new RangeError(
      `forward action: desired weights must be integers 0–100 summing to 100; got ${JSON.stringify(desired)}`,
    );
  }
}

/**
 * A copy of `actions` whose forward action carries `desired` (percent per target group ARN, written
 * as ALB weights). Everything else is kept: the other actions and their order, the forward action's
 * other fields, its stickiness config, and the order of its target groups. A target group of
 * `desired` that the action does not list yet is appended (conceptually at weight 0, then given its
 * desired weight); a listed group missing from `desired` gets weight 0 but stays listed, so nothing
 * the operator configured disappears. More than 5 groups is refused.
 */
export function withForwardWeights<A extends ActionShape>(
  actions: readonly A[],
  desired: Weights,
  subject = 'router',
): A[] {
  assertPercentWeights(desired);
  const forward = requireForward(actions, subject);
  const index = actions.indexOf(forward);
  const listed = albWeightsOf(forward).map(([arn]) => arn);
  const added = Object.keys(desired).filter((arn) => !listed.includes(arn));
  const arns = [...listed, ...added];
  if (arns.length > MAX_TARGET_GROUPS_PER_FORWARD) {
    throw new RouterUnavailableError(
      `${subject}: forward action would list ${arns.length} target groups (${listed.length} present, ${added.length} added); ` +
        `ALB allows ${MAX_TARGET_GROUPS_PER_FORWARD} — remove unused target groups from the router first`,
    );
  }
  const existingTuples = forward.ForwardConfig?.TargetGroups ?? [];
  const tuples = arns.map((arn) => {
    const existing = existingTuples.find((tuple) => tuple.TargetGroupArn === arn);
    return { ...structuredClone(existing ?? {}), TargetGroupArn: arn, Weight: desired[arn] ?? 0 };
  });
  const rebuilt: A = structuredClone(forward);
  rebuilt.ForwardConfig = { ...rebuilt.ForwardConfig, TargetGroups: tuples };
  // ELBv2 accepts TargetGroupArn next to ForwardConfig only when both name the same single group.
  if (rebuilt.TargetGroupArn !== undefined && !(arns.length === 1 && arns[0] === rebuilt.TargetGroupArn)) {
    delete rebuilt.TargetGroupArn;
  }
  return actions.map((action, position) => (position === index ? rebuilt : structuredClone(action)));
}

/** Target group ARNs `withForwardWeights` would add to the forward action (for preflight checks). */
export function targetGroupsToAdd(actions: readonly ActionShape[], desired: Weights): string[] {
  const forward = actions[forwardActionIndex(actions)];
  const listed = forward ? albWeightsOf(forward).map(([arn]) => arn) : [];
  return Object.keys(desired).filter((arn) => !listed.includes(arn));
}
