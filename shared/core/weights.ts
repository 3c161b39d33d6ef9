/**
 * Traffic shares in percent. Keys are target names (plan level) or target group ARNs (router level);
 * the values of one map are integers that sum to 100.
 */
export type Weights = Readonly<Record<string, number>>;

/** `vm=40, ecs=60` — the one way weights are printed in messages and logs. */
export function formatWeights(weights: Weights): string {
  return Object.entries(weights)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

/** True when both maps give every key the same share; a key missing on one side counts as 0. */
export function sameWeights(a: Weights, b: Weights): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if ((a[key] ?? 0) !== (b[key] ?? 0)) return false;
  }
  return true;
}
