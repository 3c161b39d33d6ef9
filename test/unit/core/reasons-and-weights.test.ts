import { describe, expect, it } from 'vitest';
import { failureText } from '#core/failure-text';
import { formatHaltReason, formatPhaseHalt } from '#core/reasons';
import { foreignTargetGroups, toTargetGroupWeights, toTargetNameWeights } from '#core/target-weights';
import { resolvePlan } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';
import { ECS_TG, EKS_TG, planDocument, VM_TG } from '#test/support/fakes';

const result = resolvePlan(planDocument());
if (!result.ok) throw new Error('fixture plan invalid');
const plan: ResolvedPlan = result.plan;

describe('failure reason text', () => {
  it.each([
    {
      action: 'rollback',
      expected:
        'step 3/5 halted: ecs 5XX 2.4% > 1% (source 0.3%, 1812 requests); rolling back to the snapshot',
    },
    {
      action: 'pause',
      expected:
        'step 3/5 halted: ecs 5XX 2.4% > 1% (source 0.3%, 1812 requests); holding the weights for a human (approve = continue, reject = roll back)',
    },
  ] as const)('$action', ({ action, expected }) => {
    expect(
      formatHaltReason({ step: 2, total: 5 }, 'ecs 5XX 2.4% > 1% (source 0.3%, 1812 requests)', action),
    ).toBe(expected);
  });

  it('says nothing was written when preflight halts', () => {
    expect(formatPhaseHalt('preflight', 'ecs 1 healthy < 2 required', 'release')).toBe(
      'preflight halted: ecs 1 healthy < 2 required; nothing was written; releasing the lease',
    );
  });

  it.each([
    {
      case: 'a local cause is the message',
      failure: { Error: 'GateFailed', Cause: 'step 1/3 halted' },
      expected: 'step 1/3 halted',
    },
    {
      case: 'an AWS Lambda cause is unwrapped',
      failure: {
        Error: 'GateFailed',
        Cause: '{"errorType":"GateFailed","errorMessage":"step 1/3 halted","trace":[]}',
      },
      expected: 'step 1/3 halted',
    },
    {
      case: 'no cause falls back to the error',
      failure: { Error: 'States.Timeout' },
      expected: 'States.Timeout',
    },
  ])('$case', ({ failure, expected }) => {
    expect(failureText(failure)).toBe(expected);
  });
});

describe('target-name ↔ target-group-ARN weights', () => {
  it('maps plan weights to target group ARNs and back', () => {
    const byArn = toTargetGroupWeights(plan, { vm: 75, ecs: 25 });
    expect(byArn).toEqual({ [VM_TG]: 75, [ECS_TG]: 25 });
    expect(toTargetNameWeights(plan, byArn)).toEqual({ vm: 75, ecs: 25 });
  });

  it('reads a target missing from the router as 0 and keeps a foreign target group by ARN', () => {
    expect(toTargetNameWeights(plan, { [VM_TG]: 80, [EKS_TG]: 20 })).toEqual({
      vm: 80,
      ecs: 0,
      [EKS_TG]: 20,
    });
    expect(foreignTargetGroups(plan, { [VM_TG]: 80, [EKS_TG]: 20 })).toEqual([EKS_TG]);
  });

  it('refuses a name the plan does not have', () => {
    expect(() => toTargetGroupWeights(plan, { eks: 100 })).toThrow(/no target named "eks"/);
  });
});
