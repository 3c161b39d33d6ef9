import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preflightFindingsOf, previewPlan, readPreviewWorld } from '#core/operations/preview';
import { preflight } from '#core/use-cases/preflight';
import type { Weights } from '#core/weights';
import { resolvePlan } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';
import type { AlarmState } from '#ports/alarm-source';
import { ECS_TG, EKS_TG, fakeWorld, LISTENER_ARN, planDocument, VM_TG } from '#test/support/fakes';

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:Cutover:crawler-vm-to-ecs-1';
const FOREIGN_TG =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/crawler-old/1111111111111111';

function plan(overrides: Record<string, unknown>): ResolvedPlan {
  const result = resolvePlan(planDocument(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

const eks = { platform: 'eks', targetGroupArn: EKS_TG, cluster: 'main', nodegroups: ['general'] };
const vm = { platform: 'ec2', targetGroupArn: VM_TG, autoScalingGroup: 'crawler' };
const ecs = { platform: 'ecs', targetGroupArn: ECS_TG, cluster: 'main', service: 'crawler' };

/** Plan shapes: a plain move, one without alarms, a three-way split, an emergency retreat, a retreat drill. */
const PLANS: readonly ResolvedPlan[] = [
  plan({}),
  plan({ gates: { minHealthyTargets: 1, errorRate: { maxPercent: 1, minRequests: 100 } } }),
  plan({
    targets: { vm, ecs, eks },
    steps: [{ weights: { vm: 90, ecs: 5, eks: 5 } }, { weights: { vm: 0, ecs: 50, eks: 50 } }],
  }),
  plan({ retreat: { minHealthyTargets: 3, sourceMayBeDead: 'vm' } }),
  plan({ kind: 'retreat-drill', steps: [5, 10] }),
];

const world = fc.record({
  planIndex: fc.nat({ max: PLANS.length - 1 }),
  vmShare: fc.constantFrom(0, 40, 90, 100),
  foreignShare: fc.constantFrom(0, 0, 10),
  healthy: fc.record({ vm: fc.nat(4), ecs: fc.nat(4), eks: fc.nat(4) }),
  notReady: fc.subarray(['vm', 'ecs', 'eks']),
  alarm: fc.constantFrom<AlarmState>('OK', 'ALARM', 'INSUFFICIENT_DATA'),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

/** The same account for both: the router's weights, health, readiness and alarm states. */
function build(w: World) {
  const p = PLANS[w.planIndex] as ResolvedPlan;
  const initialWeights: Weights = {
    [VM_TG]: w.vmShare - (w.vmShare >= w.foreignShare ? w.foreignShare : 0),
    [ECS_TG]: 100 - w.vmShare - (w.vmShare < w.foreignShare ? w.foreignShare : 0),
    ...(w.foreignShare > 0 ? { [FOREIGN_TG]: w.foreignShare } : {}),
  };
  const fake = fakeWorld({ initialWeights });
  fake.health.healthy.set(VM_TG, w.healthy.vm);
  fake.health.healthy.set(ECS_TG, w.healthy.ecs);
  fake.health.healthy.set(EKS_TG, w.healthy.eks);
  for (const name of w.notReady) fake.notReady.set(name, `${name} is scaling`);
  fake.alarms.alarmStates.set('crawler-ecs-cpu-high', w.alarm);
  return { plan: p, fake };
}

async function runPreflight({ plan: p, fake }: ReturnType<typeof build>): Promise<Error | undefined> {
  const lease = await fake.leases.acquire({
    routerArn: LISTENER_ARN,
    owner: EXECUTION,
    planName: p.name,
    ttlSeconds: 3600,
    now: fake.clock.now(),
  });
  await fake.leases.update(LISTENER_ARN, lease.token, { snapshot: await fake.router(p.router).snapshot() });
  const deps = { ...fake.deps, log: fake.deps.logger };
  return preflight({ plan: p, executionArn: EXECUTION, lease: { token: lease.token } }, deps).then(
    () => undefined,
    (error: Error) => error,
  );
}

const REFUSES = 'preflight would stop the cutover';

describe('preview and preflight over the same world', () => {
  it('preview warns that preflight would stop the cutover exactly when, and for exactly what, preflight refuses', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        // Prepare: two copies of one account, one for each
        const forPreview = build(w);
        const forPreflight = build(w);
        // Act
        const preview = await previewPlan(forPreview.plan, { ...forPreview.fake.deps });
        const findings = await preflightFindingsOf(
          forPreview.plan,
          await readPreviewWorld(forPreview.plan, forPreview.fake.deps),
        );
        const refusal = await runPreflight(forPreflight);
        // Assess
        const refusing = preview.warnings.filter((warning) => warning.message.includes(REFUSES));
        expect(refusing).toHaveLength(findings.length);
        if (findings.length === 0) {
          expect(refusal).toBeUndefined();
        } else {
          expect(refusal?.name).toBe('PreflightFailed');
          for (const finding of findings) expect(refusal?.message).toContain(finding.reason);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    { case: 'an alarm in ALARM', alarm: 'ALARM' as const, notReady: [], refuses: true },
    { case: 'an alarm without data', alarm: 'INSUFFICIENT_DATA' as const, notReady: [], refuses: false },
    { case: 'a destination not ready', alarm: 'OK' as const, notReady: ['ecs'], refuses: true },
    {
      case: 'the source not ready (not a destination)',
      alarm: 'OK' as const,
      notReady: ['vm'],
      refuses: false,
    },
  ])('agree on $case', async ({ alarm, notReady, refuses }) => {
    const w: World = {
      planIndex: 0,
      vmShare: 100,
      foreignShare: 0,
      healthy: { vm: 4, ecs: 3, eks: 0 },
      notReady,
      alarm,
    };
    const forPreview = build(w);
    const preview = await previewPlan(forPreview.plan, forPreview.fake.deps);
    const refusal = await runPreflight(build(w));
    expect(preview.warnings.some((warning) => warning.message.includes(REFUSES))).toBe(refuses);
    expect(refusal !== undefined).toBe(refuses);
  });
});
