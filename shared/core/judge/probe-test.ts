import type { ProbeGate } from '#plan/types';
import type { ProbeResponse } from '#ports/probe-source';
import type { GateVerdict } from '../gates.ts';

/**
 * The probe's decision rule. Each gate poll sends a burst of `n` requests through the test route;
 * a request fails when it gets a 5XX or no answer in time. A healthy destination fails each request
 * with probability at most p0 = `maxFailurePercent`. A burst fails the gate when k failures out of
 * n would be that unlikely under p0: P(X ≥ k | n, p0) ≤ α of this look. Looks spend the probe's share
 * of the false-alarm budget (a union bound over the looks of a step): the first L planned looks get
 * α/(2L) each, later looks (a longer step: settling, inconclusive metrics) α·L/(2k²), so the step's
 * total stays ≤ α however long it runs. A single flaky request never halts (P(X ≥ 1) is far above any
 * look's α); a destination that answers every request with a 5XX fails at the first burst.
 */

export function binomialTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let term = (1 - p) ** n; // P(X = 0)
  let below = 0;
  for (let i = 0; i < k; i += 1) {
    below += term;
    term = (term * (n - i) * p) / ((i + 1) * (1 - p));
  }
  return Math.max(0, 1 - below);
}

/** α of the `look`-th probe (1-based) of a step planned for `plannedLooks` looks. */
export function probeLookAlpha(stepAlpha: number, look: number, plannedLooks: number): number {
  const planned = Math.max(1, plannedLooks);
  return look <= planned ? stepAlpha / (2 * planned) : (stepAlpha * planned) / (2 * look * look);
}

/** Fewest failures out of `n` that fail the gate at this α (n + 1 when none can). */
export function failuresToHalt(n: number, p0: number, alpha: number): number {
  for (let k = 1; k <= n; k += 1) if (binomialTail(n, k, p0) <= alpha) return k;
  return n + 1;
}

export function isProbeFailure(response: ProbeResponse): boolean {
  return response.status === null || response.status >= 500;
}

export function judgeProbe(
  gate: ProbeGate,
  sample: { readonly url: string; readonly responses: readonly ProbeResponse[] },
  options: { readonly destination: string; readonly alpha: number },
): GateVerdict {
  const n = sample.responses.length;
  const failed = sample.responses.filter(isProbeFailure).length;
  const needed = failuresToHalt(n, gate.maxFailurePercent / 100, options.alpha);
  const latencies = sample.responses.map((response) => response.latencyMs).sort((a, b) => a - b);
  const slowest = latencies[latencies.length - 1] ?? 0;
  const summary = `${options.destination} probe ${failed}/${n} failed (${statusSummary(sample.responses)}, slowest ${Math.round(slowest)} ms) at ${sample.url}`;
  if (n === 0) {
    return {
      gate: 'probe',
      verdict: 'inconclusive',
      observed: null,
      threshold: null,
      reason: `${summary}: no request sent`,
    };
  }
  const fail = failed >= needed;
  return {
    gate: 'probe',
    verdict: fail ? 'fail' : 'pass',
    observed: failed,
    threshold: needed,
    reason: fail
      ? `${summary}; ${needed} of ${n} failing is beyond a ${gate.maxFailurePercent}% flake rate — the destination fails through the test route`
      : `${summary}; fails at ${needed > n ? 'no count' : `≥ ${needed}`}`,
  };
}

/** `503×4, 200×1, no answer×0` — status codes by frequency. */
function statusSummary(responses: readonly ProbeResponse[]): string {
  const counts = new Map<string, number>();
  for (const response of responses) {
    const key = response.status === null ? 'no answer' : String(response.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([status, count]) => `${status}×${count}`)
    .join(', ');
}
