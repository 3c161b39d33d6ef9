import type { SplitSkew } from './hooks.ts';

/**
 * The share of requests a group gets at these ALB weights, with scenario skews applied: a skewed
 * group (while at its `atWeight` percent) gets `servesPercent`, and the remaining share is spread over
 * the other weighted groups in proportion to their weights — what sticky sessions or a client pinned
 * to one group look like from the metrics. Without skews, the share is the weight's.
 */
export function skewedShare(
  albWeights: Readonly<Record<string, number>>,
  targetGroupArn: string,
  skews: ReadonlyMap<string, SplitSkew>,
): number {
  const total = Object.values(albWeights).reduce((sum, weight) => sum + weight, 0);
  if (total === 0) return 0;
  const fixed = new Map<string, number>();
  for (const [arn, skew] of skews) {
    const weight = albWeights[arn] ?? 0;
    const percent = (weight * 100) / total;
    const applies = skew.atWeight === undefined ? weight > 0 : Math.abs(percent - skew.atWeight) < 0.5;
    if (applies) fixed.set(arn, skew.servesPercent / 100);
  }
  const own = fixed.get(targetGroupArn);
  if (own !== undefined) return own;
  const weight = albWeights[targetGroupArn] ?? 0;
  if (fixed.size === 0) return weight / total;
  const fixedShare = [...fixed.values()].reduce((sum, share) => sum + share, 0);
  const freeWeight = Object.entries(albWeights)
    .filter(([arn]) => !fixed.has(arn))
    .reduce((sum, [, w]) => sum + w, 0);
  return freeWeight === 0 ? 0 : (Math.max(0, 1 - fixedShare) * weight) / freeWeight;
}
