import { describe, expect, it } from 'vitest';
import { formatProblem, resolvePlan } from '#plan/index';
import { planDocument } from '#test/support/fakes';

const gates = {
  minHealthyTargets: 2,
  errorRate: { maxPercent: 1, minRequests: 100 },
  inconclusive: { maxConsecutive: 8 },
};

function problems(document: Record<string, unknown>): string[] {
  const result = resolvePlan(document);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('plan: testRoute and gates.probe', () => {
  it('defaults the header value to the plan name and the probe to 5 requests, 2s timeout, 1%', () => {
    // Act
    const result = resolvePlan(
      planDocument({
        testRoute: { header: 'X-Cutover-Test' },
        gates: { ...gates, probe: { path: '/healthz', every: '5s' } },
      }),
    );
    // Assess
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.plan.testRoute).toEqual({ header: 'X-Cutover-Test', value: 'crawler-vm-to-ecs' });
    expect(result.plan.gates.probe).toEqual({
      path: '/healthz',
      everySeconds: 5,
      requests: 5,
      timeoutSeconds: 2,
      maxFailurePercent: 1,
    });
    // Polled every 5 s instead of 15 s; the inconclusive limit keeps its 2 minutes.
    expect(result.plan.intervalSeconds).toBe(5);
    expect(result.plan.gates.inconclusive.maxConsecutive).toBe(24);
  });

  it('refuses a probe without a test route, naming the field and the fix', () => {
    // Act
    const found = problems(planDocument({ gates: { ...gates, probe: { path: '/healthz', every: '5s' } } }));
    // Assess
    expect(found).toEqual([
      expect.stringMatching(/^gates\.probe: needs a test route; .*hint: add `testRoute/),
    ]);
  });

  it.each([
    { case: 'a header with a space', testRoute: { header: 'X Cutover' }, path: 'testRoute.header' },
    { case: 'a wildcard value', testRoute: { header: 'X-Test', value: 'a*' }, path: 'testRoute.value' },
    { case: 'priority 0', testRoute: { header: 'X-Test', priority: 0 }, path: 'testRoute.priority' },
    {
      case: 'an unknown field',
      testRoute: { header: 'X-Test', hostHeader: 'x' },
      path: 'testRoute.hostHeader',
    },
  ])('refuses $case at $path', ({ testRoute, path }) => {
    // Act
    const found = problems(planDocument({ testRoute }));
    // Assess
    expect(found.some((line) => line.startsWith(`${path}:`))).toBe(true);
  });

  it.each([
    { case: 'a relative path', probe: { path: 'healthz', every: '5s' }, path: 'gates.probe.path' },
    { case: 'every below 5s', probe: { path: '/h', every: '2s' }, path: 'gates.probe.every' },
    { case: '21 requests', probe: { path: '/h', every: '5s', requests: 21 }, path: 'gates.probe.requests' },
    {
      case: 'a 30s timeout',
      probe: { path: '/h', every: '5s', timeout: '30s' },
      path: 'gates.probe.timeout',
    },
  ])('refuses a probe with $case at $path', ({ probe, path }) => {
    // Act
    const found = problems(planDocument({ testRoute: { header: 'X-Test' }, gates: { ...gates, probe } }));
    // Assess
    expect(found.some((line) => line.startsWith(`${path}:`))).toBe(true);
  });
});
