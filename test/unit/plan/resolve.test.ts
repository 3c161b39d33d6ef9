import { describe, expect, it } from 'vitest';
import {
  closestMatch,
  formatProblem,
  knownKeysAt,
  PlanDocumentSchema,
  type PlanResult,
  pathToString,
  resolvePlan,
  staleProblem,
} from '#plan/index';
import type { ResolvedPlan } from '#plan/types';
import { LISTENER_ARN, rawPlan } from './plan-builders.ts';

function resolved(result: PlanResult): ResolvedPlan {
  if (!result.ok)
    throw new Error(`expected a valid plan, got:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.plan;
}

function problemsOf(result: PlanResult): string[] {
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('resolvePlan: percent steps', () => {
  it('expands each percent into a full weights map: p on `to`, 100 − p on `from`, 0 elsewhere', () => {
    const plan = resolved(resolvePlan(rawPlan()));
    expect(plan.steps.map((s) => s.weights)).toEqual([
      { vm: 99, ecs: 1, eks: 0 },
      { vm: 95, ecs: 5, eks: 0 },
      { vm: 75, ecs: 25, eks: 0 },
      { vm: 50, ecs: 50, eks: 0 },
      { vm: 0, ecs: 100, eks: 0 },
    ]);
    expect(plan.steps.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives every step the plan bake unless the step has its own', () => {
    const plan = resolved(
      resolvePlan(rawPlan({ bake: '20m', steps: [1, { percent: 50, bake: '1h' }, 100] })),
    );
    expect(plan.steps.map((s) => s.bakeSeconds)).toEqual([1_200, 3_600, 1_200]);
  });

  it('marks approval on the steps named by approval.before and on steps with approval: true', () => {
    const plan = resolved(
      resolvePlan(
        rawPlan({ steps: [1, { percent: 5, approval: true }, 25, 50, 100], approval: { before: [50] } }),
      ),
    );
    expect(plan.steps.map((s) => s.approval)).toEqual([false, true, false, true, false]);
    expect(plan.approval).toEqual({ before: [50], timeoutSeconds: 14_400, onTimeout: 'rollback' });
  });

  it('creates the default approval policy when only a step asks for approval', () => {
    const plan = resolved(resolvePlan(rawPlan({ steps: [1, { percent: 100, approval: true }] })));
    expect(plan.approval).toEqual({ before: [], timeoutSeconds: 14_400, onTimeout: 'rollback' });
  });
});

describe('resolvePlan: explicit weights', () => {
  it('keeps explicit maps in plan target order and allows ending on a split', () => {
    const plan = resolved(
      resolvePlan(
        rawPlan({
          to: 'eks',
          steps: [
            { weights: { eks: 10, ecs: 10, vm: 80 } },
            { weights: { vm: 0, ecs: 50, eks: 50 }, approval: true },
          ],
        }),
      ),
    );
    expect(plan.steps.map((s) => Object.entries(s.weights))).toEqual([
      [
        ['vm', 80],
        ['ecs', 10],
        ['eks', 10],
      ],
      [
        ['vm', 0],
        ['ecs', 50],
        ['eks', 50],
      ],
    ]);
    expect(plan.steps[1]?.approval).toBe(true);
  });

  it('reports the sum with every weight, as the plan format promises', () => {
    const result = resolvePlan(rawPlan({ steps: [1, 5, { weights: { vm: 40, ecs: 50, eks: 0 } }, 100] }));
    expect(problemsOf(result)).toContain(
      'steps[2]: weights must sum to 100; got 90 (vm=40, ecs=50, eks=0) — hint: add 10 to one of the targets',
    );
  });
});

describe('resolvePlan: defaults and derived fields', () => {
  it('fills in every default of DESIGN.md §4', () => {
    const plan = resolved(resolvePlan(rawPlan()));
    expect(plan.intervalSeconds).toBe(15);
    expect(plan.steps[0]?.bakeSeconds).toBe(600);
    expect(plan.gates).toEqual({
      minHealthyTargets: 1,
      alarms: [],
      // biome-ignore lint/suspicious/noThenProperty: the plan contract (DESIGN.md §4) names this field `then`
      inconclusive: { maxConsecutive: 8, then: 'pause' },
    });
    expect(plan.retreat).toEqual({ minHealthyTargets: 1 });
    expect(plan.onFailure).toBe('rollback');
    expect(plan.approval).toBeUndefined();
    expect(plan.window).toBeUndefined();
    expect(plan.notAfter).toBeUndefined();
  });

  it('defaults minRequests of metric gates to 100', () => {
    const plan = resolved(
      resolvePlan(rawPlan({ gates: { errorRate: { maxPercent: 1 }, latencyP99: { maxMs: 500 } } })),
    );
    expect(plan.gates.errorRate).toEqual({ maxPercent: 1, minRequests: 100 });
    expect(plan.gates.latencyP99).toEqual({ maxMs: 500, minRequests: 100 });
  });

  it('defaults a window to every day, all day', () => {
    const plan = resolved(resolvePlan(rawPlan({ window: { timeZone: 'Europe/Berlin' } })));
    expect(plan.window).toEqual({
      timeZone: 'Europe/Berlin',
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      between: ['00:00', '24:00'],
    });
  });

  it('derives the router listener, the LoadBalancer dimension and each TargetGroup dimension', () => {
    const rule = LISTENER_ARN.replace(':listener/', ':listener-rule/').concat('/9683b2d02a6cabee');
    const plan = resolved(resolvePlan(rawPlan({ router: { ruleArn: rule } })));
    expect(plan.router).toEqual({
      kind: 'rule',
      arn: rule,
      listenerArn: LISTENER_ARN,
      loadBalancerDimension: 'app/web/50dc6c495c0c9188',
      region: 'ap-northeast-1',
      accountId: '123456789012',
    });
    expect(plan.targets.ecs).toMatchObject({
      name: 'ecs',
      platform: 'ecs',
      targetGroupDimension: 'targetgroup/web-ecs/2222222222222222',
    });
    expect(Object.keys(plan.targets)).toEqual(['vm', 'ecs', 'eks']);
    expect(plan.targets.eks).toMatchObject({ platform: 'eks', cluster: 'main', nodegroups: [] });
  });

  it('accepts the same plan whether it came from YAML or from JSON (the raw document is plain data)', () => {
    const viaJson = JSON.parse(JSON.stringify(rawPlan())) as unknown;
    expect(resolvePlan(viaJson)).toEqual(resolvePlan(rawPlan()));
  });
});

describe('resolvePlan: problems', () => {
  it('collects every problem instead of stopping at the first', () => {
    const result = resolvePlan(
      rawPlan({
        intervall: '15s',
        onFailure: 'retry',
        from: 'vmm',
        window: { timeZone: 'Mars/Base' },
        bake: '5s',
      }),
    );
    const paths = result.ok ? [] : result.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['intervall', 'onFailure', 'from', 'window.timeZone', 'bake']),
    );
  });

  it('formats problems as `path: problem; got X; allowed Y — hint: …`', () => {
    const result = resolvePlan(rawPlan({ onFailre: 'pause' }));
    expect(problemsOf(result)).toEqual([
      'onFailre: unknown field; allowed name, router, targets, from, to, steps, bake, interval, gates, expectedTraffic, retreat, approval, onFailure, window, notAfter, capacity, rollback, hooks, kind, testRoute — hint: did you mean `onFailure`?',
    ]);
  });

  it('refuses a document that is not a mapping', () => {
    expect(problemsOf(resolvePlan([1, 2]))).toEqual([
      '(plan): not a plan; got a list of 2; allowed a mapping with name, router, targets, from, to, steps',
    ]);
  });

  it('does not look at the clock: a past notAfter resolves, staleProblem reports it', () => {
    const plan = resolved(resolvePlan(rawPlan({ notAfter: '2020-01-01T00:00:00+09:00' })));
    expect(staleProblem(plan, new Date('2019-12-31T14:59:59Z'))).toBeUndefined();
    expect(staleProblem(plan, new Date('2019-12-31T15:00:01Z'))).toMatchObject({ path: 'notAfter' });
    expect(staleProblem(resolved(resolvePlan(rawPlan())), new Date('2100-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('refuses a plan whose bakes and approval timeouts exceed an execution’s year', () => {
    const result = resolvePlan(rawPlan({ bake: '100d' }));
    expect(problemsOf(result).join('\n')).toContain('steps: plan may run too long; got 500d');
  });
});

describe('problem helpers', () => {
  it.each([
    { path: [], text: '(plan)' },
    { path: ['steps', 2, 'weights', 'vm'], text: 'steps[2].weights.vm' },
    { path: ['targets', 'Old VM'], text: 'targets["Old VM"]' },
  ])('writes $text', ({ path, text }) => {
    expect(pathToString(path)).toBe(text);
  });

  it.each([
    { word: 'intervall', candidates: ['interval', 'bake'], match: 'interval' },
    { word: 'listenerARN', candidates: ['listenerArn', 'ruleArn'], match: 'listenerArn' },
    { word: 'bkae', candidates: ['bake', 'name'], match: 'bake' },
    { word: 'monday', candidates: ['mon', 'tue'], match: 'mon' },
    { word: 'zebra', candidates: ['bake', 'interval'], match: undefined },
  ])('suggests $match for $word', ({ word, candidates, match }) => {
    expect(closestMatch(word, candidates)).toBe(match);
  });

  it('knows the keys of nested objects in the schema, through arrays and unions', () => {
    expect(knownKeysAt(PlanDocumentSchema, ['gates', 'errorRate'])).toEqual([
      'maxPercent',
      'maxRatioToSource',
      'minRequests',
    ]);
    expect(knownKeysAt(PlanDocumentSchema, ['steps', 3])).toEqual(['percent', 'weights', 'bake', 'approval']);
    expect(knownKeysAt(PlanDocumentSchema, ['targets', 'vm'])).toEqual([
      'platform',
      'targetGroupArn',
      'autoScalingGroup',
      'cluster',
      'service',
      'nodegroups',
      'kubernetes',
    ]);
  });
});
