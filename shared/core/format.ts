/** Number formatting shared by every message, so `2.4%` reads the same in events, logs and causes. */

/** `2.4`, `0.05`, `12` — at most two decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toFixed(2)));
}

export function formatPercent(value: number): string {
  return `${formatNumber(value)}%`;
}

export function formatMs(value: number): string {
  return `${Math.round(value)}ms`;
}
