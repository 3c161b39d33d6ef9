import { describe, expect, it } from 'vitest';
import { AwsTransientError } from '../../../shared/core/errors.ts';
import {
  alarmsGate,
  combineVerdicts,
  errorRateGate,
  type GateVerdict,
  healthGate,
  latencyGate,
  readinessGate,
  runGate,
} from '../../../shared/core/gates.ts';
import type { AlarmState } from '../../../shared/ports/alarm-source.ts';
import type { TargetGroupMetrics } from '../../../shared/ports/metrics-source.ts';

const metrics = (
  requests: number | null,
  errors5xx: number | null,
  p99Ms: number | null = 100,
): TargetGroupMetrics => ({
  targetGroupArn: 'tg',
  requests,
  errors5xx,
  p99Ms,
});
const errorRate = { maxPercent: 1, maxRatioToSource: 2, minRequests: 100 };
const latency = { maxMs: 800, maxRatioToSource: 1.5, minRequests: 100 };
const counts = (healthy: number) => ({
  targetGroupArn: 'tg',
  healthy,
  unhealthy: 0,
  initial: 0,
  draining: 0,
  unused: 0,
  unavailable: 0,
  reasons: healthy === 0 ? ['Target.FailedHealthChecks'] : [],
});

describe('errorRateGate', () => {
  it.each([
    {
      case: 'fails above the absolute limit, with the numbers',
      dest: metrics(1812, 43),
      source: metrics(10_000, 30),
      verdict: 'fail',
      reason: 'ecs 5XX 2.37% > 1% (source 0.3%, 1812 requests)',
    },
    {
      case: 'fails above the ratio to the source',
      dest: metrics(5000, 40),
      source: metrics(10_000, 20),
      verdict: 'fail',
      reason: 'ecs 5XX 0.8% > 2x source (source 0.2%, 5000 requests)',
    },
    {
      case: 'a ratio within Poisson noise passes',
      dest: metrics(1000, 8),
      source: metrics(10_000, 20),
      verdict: 'pass',
      reason: 'ecs 5XX 0.8% <= 1% (source 0.2%, 1000 requests)',
    },
    {
      case: 'passes within both limits',
      dest: metrics(1000, 3),
      source: metrics(10_000, 20),
      verdict: 'pass',
      reason: 'ecs 5XX 0.3% <= 1% (source 0.2%, 1000 requests)',
    },
    {
      case: 'skips the ratio when the source has no errors',
      dest: metrics(1000, 5),
      source: metrics(10_000, 0),
      verdict: 'pass',
      reason: 'ecs 5XX 0.5% <= 1% (source 0%, 1000 requests)',
    },
    {
      case: 'skips the ratio when the source has too few requests',
      dest: metrics(1000, 5),
      source: metrics(10, 5),
      verdict: 'pass',
      reason: 'ecs 5XX 0.5% <= 1% (source n/a, 1000 requests)',
    },
    {
      case: 'no datapoints is inconclusive, never pass',
      dest: metrics(null, null),
      source: metrics(10_000, 0),
      verdict: 'inconclusive',
      reason: 'ecs 5XX: no datapoints yet (no requests, or CloudWatch has not published them)',
    },
    {
      case: 'missing destination is inconclusive',
      dest: undefined,
      source: metrics(10_000, 0),
      verdict: 'inconclusive',
      reason: 'ecs 5XX: no datapoints yet (no requests, or CloudWatch has not published them)',
    },
    {
      case: 'fewer requests than minRequests is inconclusive',
      dest: metrics(99, 0),
      source: metrics(10_000, 0),
      verdict: 'inconclusive',
      reason: 'ecs 5XX: 99 requests < 100 needed',
    },
    {
      case: 'zero errors with no 5XX datapoint counts as zero',
      dest: metrics(500, null),
      source: metrics(10_000, 0),
      verdict: 'pass',
      reason: 'ecs 5XX 0% <= 1% (source 0%, 500 requests)',
    },
  ])('$case', ({ dest, source, verdict, reason }) => {
    // Act
    const result = errorRateGate(errorRate, { destinationName: 'ecs', destination: dest, source });
    // Assess
    expect(result).toMatchObject({ gate: 'errorRate', verdict, reason });
  });
});

describe('latencyGate', () => {
  it.each([
    {
      case: 'fails above the absolute limit',
      dest: metrics(500, 0, 950),
      source: metrics(5000, 0, 120),
      verdict: 'fail',
      reason: 'ecs p99 950ms > 800ms (source 120ms, 500 requests)',
    },
    {
      case: 'fails above the ratio to the source',
      dest: metrics(500, 0, 400),
      source: metrics(5000, 0, 120),
      verdict: 'fail',
      reason: 'ecs p99 400ms > 1.5x source (source 120ms, 500 requests)',
    },
    {
      case: 'passes within both limits',
      dest: metrics(500, 0, 150),
      source: metrics(5000, 0, 120),
      verdict: 'pass',
      reason: 'ecs p99 150ms <= 800ms (source 120ms, 500 requests)',
    },
    {
      case: 'no p99 datapoint is inconclusive',
      dest: metrics(500, 0, null),
      source: metrics(5000, 0, 120),
      verdict: 'inconclusive',
      reason: 'ecs p99: no datapoints yet (no requests, or CloudWatch has not published them)',
    },
    {
      case: 'too few requests is inconclusive',
      dest: metrics(20, 0, 90),
      source: metrics(5000, 0, 120),
      verdict: 'inconclusive',
      reason: 'ecs p99: 20 requests < 100 needed',
    },
  ])('$case', ({ dest, source, verdict, reason }) => {
    expect(latencyGate(latency, { destinationName: 'ecs', destination: dest, source })).toMatchObject({
      gate: 'latencyP99',
      verdict,
      reason,
    });
  });
});

describe('healthGate', () => {
  it.each([
    { case: 'enough healthy targets pass', healthy: 3, minimum: 2, verdict: 'pass' },
    { case: 'fewer than the minimum fail', healthy: 1, minimum: 2, verdict: 'fail' },
    {
      case: 'a minimum of 0 means 0: an emergency retreat leaves a platform with no healthy target',
      healthy: 0,
      minimum: 0,
      verdict: 'pass',
    },
    { case: 'zero healthy fails a minimum of 1', healthy: 0, minimum: 1, verdict: 'fail' },
  ])('$case', ({ healthy, minimum, verdict }) => {
    expect(healthGate('minHealthyTargets', 'ecs', counts(healthy), minimum).verdict).toBe(verdict);
  });

  it('names the target, the count, the minimum and why', () => {
    expect(healthGate('retreatCapacity', 'vm', counts(0), 2).reason).toBe(
      'vm 0 healthy < 2 required (Target.FailedHealthChecks)',
    );
  });

  it('says how to fix a destination whose target group no listener or rule forwards to', () => {
    // Prepare: ALB does not health-check targets of a group it does not route to
    const unused = {
      ...counts(0),
      unused: 3,
      reasons: ['Target.NotInUse: Target group is not configured to receive traffic from the load balancer'],
    };
    // Act
    const verdict = healthGate('minHealthyTargets', 'ecs', unused, 2);
    // Assess
    expect(verdict.verdict).toBe('fail');
    expect(verdict.reason).toContain(
      "add ecs's target group to the router's forward action at weight 0 so the ALB health-checks it",
    );
  });
});

describe('alarmsGate', () => {
  it.each([
    { case: 'ALARM fails', states: { a: 'OK', b: 'ALARM' }, verdict: 'fail', reason: 'alarm b in ALARM' },
    {
      case: 'INSUFFICIENT_DATA is inconclusive',
      states: { a: 'INSUFFICIENT_DATA' },
      verdict: 'inconclusive',
      reason: 'alarm a INSUFFICIENT_DATA',
    },
    { case: 'all OK pass', states: { a: 'OK', b: 'OK' }, verdict: 'pass', reason: 'alarms a, b OK' },
  ] as const)('$case', ({ states, verdict, reason }) => {
    expect(alarmsGate(states as Readonly<Record<string, AlarmState>>)).toMatchObject({ verdict, reason });
  });

  it('lets INSUFFICIENT_DATA through at preflight, where only ALARM blocks', () => {
    expect(alarmsGate({ a: 'INSUFFICIENT_DATA' }, { insufficientDataIsInconclusive: false }).verdict).toBe(
      'pass',
    );
  });
});

describe('readinessGate', () => {
  it('fails a platform that is not ready, with its reasons', () => {
    const verdict = readinessGate({
      target: 'ecs',
      platform: 'ecs',
      ready: false,
      reasons: ['2 of 3 tasks running'],
    });
    expect(verdict).toMatchObject({ verdict: 'fail', reason: 'ecs (ecs) not ready: 2 of 3 tasks running' });
  });
});

describe('runGate', () => {
  it('turns an exception inside a gate into fail', async () => {
    const verdict = await runGate('errorRate', 'ecs errorRate', () => {
      throw new TypeError('boom');
    });
    expect(verdict).toMatchObject({
      verdict: 'fail',
      reason: 'ecs errorRate: check failed (TypeError: boom)',
    });
  });

  it('turns an AWS call that failed after retries into inconclusive (never pass)', async () => {
    const verdict = await runGate('alarms', 'alarms', () => {
      throw new AwsTransientError('DescribeAlarms: throttled');
    });
    expect(verdict.verdict).toBe('inconclusive');
  });
});

describe('combineVerdicts', () => {
  const v = (gate: GateVerdict['gate'], verdict: GateVerdict['verdict']): GateVerdict => ({
    gate,
    verdict,
    observed: null,
    threshold: null,
    reason: gate,
  });
  it.each([
    {
      case: 'any fail fails',
      verdicts: [v('errorRate', 'inconclusive'), v('alarms', 'fail')],
      verdict: 'fail',
      deciding: 'alarms',
    },
    {
      case: 'inconclusive beats pass',
      verdicts: [v('errorRate', 'pass'), v('latencyP99', 'inconclusive')],
      verdict: 'inconclusive',
      deciding: 'latencyP99',
    },
    { case: 'all pass', verdicts: [v('errorRate', 'pass')], verdict: 'pass', deciding: undefined },
  ])('$case', ({ verdicts, verdict, deciding }) => {
    const combined = combineVerdicts(verdicts);
    expect(combined.verdict).toBe(verdict);
    expect(combined.deciding?.gate).toBe(deciding);
  });
});
