import { describe, expect, it } from 'vitest';
import { formatProblem, type PlanResult, resolvePlan } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';
import { rawPlan, targetGroupArn } from './plan-builders.ts';

function resolved(result: PlanResult): ResolvedPlan {
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.plan;
}
const problemsOf = (result: PlanResult) => (result.ok ? [] : result.problems.map(formatProblem));

const eksWith = (kubernetes: unknown) =>
  rawPlan({
    targets: {
      vm: { platform: 'ec2', targetGroupArn: targetGroupArn('web-vm', '1111111111111111') },
      eks: {
        platform: 'eks',
        targetGroupArn: targetGroupArn('web-eks', '3333333333333333'),
        cluster: 'main',
        kubernetes,
      },
    },
    to: 'eks',
  });

describe('plan: kubernetes on eks targets', () => {
  it('resolves a Deployment with its TargetGroupBinding', () => {
    const plan = resolved(
      resolvePlan(eksWith({ namespace: 'web', deployment: 'crawler', targetGroupBinding: 'crawler' })),
    );
    expect(plan.targets.eks).toMatchObject({
      kubernetes: { namespace: 'web', kind: 'Deployment', name: 'crawler', targetGroupBinding: 'crawler' },
    });
  });

  it('resolves a StatefulSet', () => {
    const plan = resolved(resolvePlan(eksWith({ namespace: 'web', statefulSet: 'crawler' })));
    expect(plan.targets.eks).toMatchObject({ kubernetes: { kind: 'StatefulSet', name: 'crawler' } });
  });

  it.each([
    { case: 'neither workload', spec: { namespace: 'web' }, text: 'neither deployment nor statefulSet' },
    {
      case: 'both workloads',
      spec: { namespace: 'web', deployment: 'a', statefulSet: 'b' },
      text: 'both deployment and statefulSet',
    },
    { case: 'an unknown field', spec: { namespace: 'web', deployment: 'a', replicas: 3 }, text: 'replicas' },
    {
      case: 'an invalid name',
      spec: { namespace: 'Web_1', deployment: 'a' },
      text: 'Kubernetes namespace name',
    },
  ])('rejects $case, naming the path', ({ spec, text }) => {
    const problems = problemsOf(resolvePlan(eksWith(spec)));
    expect(problems.join('\n')).toContain('targets.eks.kubernetes');
    expect(problems.join('\n')).toContain(text);
  });

  it('rejects kubernetes on an ecs target', () => {
    const raw = rawPlan();
    (raw.targets as Record<string, Record<string, unknown>>).ecs = {
      ...(raw.targets as Record<string, Record<string, unknown>>).ecs,
      kubernetes: { namespace: 'web', deployment: 'a' },
    };
    expect(problemsOf(resolvePlan(raw)).join('\n')).toContain(
      'targets.ecs.kubernetes: not used by platform ecs',
    );
  });
});

describe('plan: capacity', () => {
  it('is off unless the plan asks for it, and defaults the headroom', () => {
    expect(resolved(resolvePlan(rawPlan())).capacity).toBeUndefined();
    expect(resolved(resolvePlan(rawPlan({ capacity: {} }))).capacity).toEqual({
      headroom: 1.5,
      scaleAhead: false,
    });
    expect(resolved(resolvePlan(rawPlan({ capacity: { headroom: 2, scaleAhead: true } }))).capacity).toEqual({
      headroom: 2,
      scaleAhead: true,
    });
  });

  it('rejects a headroom below 1', () => {
    expect(problemsOf(resolvePlan(rawPlan({ capacity: { headroom: 0.5 } }))).join('\n')).toContain(
      'capacity.headroom',
    );
  });
});

describe('plan: retreat drill', () => {
  it('appends a step that returns every weight to `from`', () => {
    const plan = resolved(resolvePlan(rawPlan({ kind: 'retreat-drill', steps: [5, 10], interval: '15s' })));
    expect(plan.kind).toBe('retreat-drill');
    expect(plan.steps.map((step) => step.weights)).toEqual([
      { vm: 95, ecs: 5, eks: 0 },
      { vm: 90, ecs: 10, eks: 0 },
      { vm: 100, ecs: 0, eks: 0 },
    ]);
    expect(plan.steps[2]?.bakeSeconds).toBe(30);
  });

  it('refuses a drill that sends everything to `to`', () => {
    expect(problemsOf(resolvePlan(rawPlan({ kind: 'retreat-drill', steps: [5, 100] }))).join('\n')).toContain(
      'a retreat drill sends everything',
    );
  });

  it('keeps the cutover rule: a cutover must reach 100', () => {
    expect(problemsOf(resolvePlan(rawPlan({ steps: [5, 10] }))).join('\n')).toContain(
      'final step does not reach 100',
    );
  });
});
