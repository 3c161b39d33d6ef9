import { formatDuration, parseDuration } from './duration.ts';
import { type PlanProblem, problem } from './problems.ts';
import type { ProbeGateDocument, TestRouteDocument } from './schema-test-route.ts';
import type { Gates, ProbeGate, TestRoutePolicy } from './types.ts';

export const PROBE_DEFAULTS = { requests: 5, timeoutSeconds: 2, maxFailurePercent: 1 } as const;
/** The probe cannot run faster than the gates can be polled (see MIN_INTERVAL_SECONDS). */
const MIN_PROBE_EVERY_SECONDS = 5;

export function resolveTestRoute(
  doc: TestRouteDocument | undefined,
  planName: string | undefined,
): TestRoutePolicy | undefined {
  if (doc === undefined) return undefined;
  return {
    header: doc.header,
    value: doc.value ?? planName ?? '',
    ...(doc.priority === undefined ? {} : { priority: doc.priority }),
  };
}

/**
 * `gates.probe` sends its requests through the test route, so it needs one: without it the probe
 * would go wherever the weights send it, including to the source.
 */
export function resolveProbe(
  doc: ProbeGateDocument | undefined,
  hasTestRoute: boolean,
  problems: PlanProblem[],
): ProbeGate | undefined {
  if (doc === undefined) return undefined;
  const before = problems.length;
  if (!hasTestRoute) {
    problems.push(
      problem(
        ['gates', 'probe'],
        'needs a test route; got gates.probe without testRoute; allowed gates.probe together with testRoute',
        'add `testRoute: { header: X-Cutover-Test }` so the probe reaches only the destination, or remove gates.probe',
      ),
    );
  }
  const everySeconds = parseDuration(doc.every);
  if (everySeconds < MIN_PROBE_EVERY_SECONDS) {
    problems.push(
      problem(
        ['gates', 'probe', 'every'],
        `too short; got ${doc.every}; allowed ≥ ${formatDuration(MIN_PROBE_EVERY_SECONDS)}`,
        'send more `requests` per probe instead',
      ),
    );
  }
  const timeoutSeconds =
    doc.timeout === undefined ? PROBE_DEFAULTS.timeoutSeconds : parseDuration(doc.timeout);
  if (timeoutSeconds < 1 || timeoutSeconds > 10) {
    problems.push(
      problem(
        ['gates', 'probe', 'timeout'],
        `out of range; got ${doc.timeout}; allowed 1s–10s`,
        'a probe waits for every request inside one gate poll',
      ),
    );
  }
  if (problems.length > before) return undefined;
  return {
    path: doc.path,
    everySeconds,
    requests: doc.requests ?? PROBE_DEFAULTS.requests,
    timeoutSeconds,
    maxFailurePercent: doc.maxFailurePercent ?? PROBE_DEFAULTS.maxFailurePercent,
    ...(doc.baseUrl === undefined ? {} : { baseUrl: doc.baseUrl }),
  };
}

/**
 * The gates with the probe added. When the probe polls faster than `interval`, the inconclusive
 * limit still means the same time span: `maxConsecutive` counts polls at `interval`, so it grows
 * by the ratio (8 polls at 15s stay 2 minutes of no metrics when the gates are polled every 5s).
 */
export function withProbe(gates: Gates, probe: ProbeGate, intervalSeconds: number): Gates {
  const ratio = Math.max(1, Math.ceil(intervalSeconds / probe.everySeconds));
  return {
    ...gates,
    probe,
    inconclusive: { ...gates.inconclusive, maxConsecutive: gates.inconclusive.maxConsecutive * ratio },
  };
}
