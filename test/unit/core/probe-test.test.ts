import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialTail, failuresToHalt, judgeProbe, probeLookAlpha } from '#core/judge/probe-test';
import type { ProbeGate } from '#plan/types';

const GATE: ProbeGate = {
  path: '/healthz',
  everySeconds: 5,
  requests: 5,
  timeoutSeconds: 2,
  maxFailurePercent: 1,
};
const sample = (statuses: (number | null)[]) => ({
  url: 'https://web.example.test/healthz',
  responses: statuses.map((status) => ({ status, latencyMs: 10 })),
});

describe('probe decision rule', () => {
  it.each([
    { n: 5, k: 0, p: 0.01, expected: 1 },
    { n: 5, k: 5, p: 0.5, expected: 1 / 32 },
    { n: 3, k: 2, p: 0.1, expected: 3 * 0.01 * 0.9 + 0.001 },
    { n: 4, k: 5, p: 0.3, expected: 0 },
  ])('P(X ≥ $k | n=$n, p=$p)', ({ n, k, p, expected }) => {
    expect(binomialTail(n, k, p)).toBeCloseTo(expected, 12);
  });

  it('spends at most the step α over any number of looks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 1e-6, max: 0.1, noNaN: true }),
        (planned, alpha) => {
          let spent = 0;
          for (let look = 1; look <= 20_000; look += 1) spent += probeLookAlpha(alpha, look, planned);
          return spent <= alpha * (1 + 1e-9);
        },
      ),
    );
  });

  it('fails at the first burst when every request gets a 5XX or no answer', () => {
    // Act
    const verdict = judgeProbe(GATE, sample([503, 502, null, 500, 504]), { destination: 'ecs', alpha: 1e-5 });
    // Assess
    expect(verdict).toMatchObject({ gate: 'probe', verdict: 'fail', observed: 5 });
    expect(verdict.reason).toContain('ecs probe 5/5 failed');
  });

  it('passes a single flaky request (and a 4XX is the application answering, not failing)', () => {
    // Act
    const flaky = judgeProbe(GATE, sample([502, 200, 200, 200, 200]), { destination: 'ecs', alpha: 1e-5 });
    const notFound = judgeProbe(GATE, sample([404, 404, 404, 404, 404]), { destination: 'ecs', alpha: 1e-5 });
    // Assess
    expect(flaky.verdict).toBe('pass');
    expect(notFound.verdict).toBe('pass');
  });

  it('never halts a destination at the tolerated failure rate more often than α per look', () => {
    // The chance that a healthy burst fails the gate is P(X ≥ needed | p0) ≤ α, for any n and α.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0.001, max: 0.2, noNaN: true }),
        fc.double({ min: 1e-8, max: 0.05, noNaN: true }),
        (n, p0, alpha) => {
          const needed = failuresToHalt(n, p0, alpha);
          return needed > n || binomialTail(n, needed, p0) <= alpha;
        },
      ),
    );
  });
});
