import { describe, expect, it } from 'vitest';
import { AwsTransientError } from '#core/errors';
import {
  alarmsGate,
  combineVerdicts,
  type GateVerdict,
  healthGate,
  readinessGate,
  runGate,
} from '#core/gates';
import type { AlarmState } from '#ports/alarm-source';

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
