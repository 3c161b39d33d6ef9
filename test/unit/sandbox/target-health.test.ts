import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { ECS, LISTENER, LOAD_BALANCER, testSandbox, VM } from './fixture.ts';

async function states(clients: ReturnType<typeof testSandbox>['clients']): Promise<string[]> {
  const { TargetHealthDescriptions } = await clients.elbv2.send(
    new DescribeTargetHealthCommand({ TargetGroupArn: ECS }),
  );
  return (TargetHealthDescriptions ?? []).map((d) => d.TargetHealth?.State ?? '?');
}

describe('sandbox target health', () => {
  it('reports failing targets healthy until unhealthyThreshold × interval has passed, then unhealthy', async () => {
    // Prepare: interval 10 s, unhealthy threshold 2 → 20 s
    const { clients, clock, sandbox } = testSandbox();
    // Act
    sandbox.setTargetGroup(ECS, { healthyTargets: 1 });
    await clock.sleep(19_999);
    const justBefore = await states(clients);
    await clock.sleep(1);
    const after = await states(clients);
    // Assess
    expect(justBefore).toEqual(['healthy', 'healthy', 'healthy']);
    expect(after).toEqual(['healthy', 'unhealthy', 'unhealthy']);
  });

  it('brings recovered targets back after healthyThreshold × interval', async () => {
    // Prepare: healthy threshold 3 → 30 s
    const { clients, clock, sandbox } = testSandbox();
    sandbox.setTargetGroup(ECS, { healthyTargets: 0 });
    await clock.sleep(60_000);
    // Act
    sandbox.setTargetGroup(ECS, { healthyTargets: 3 });
    await clock.sleep(29_000);
    const recovering = await states(clients);
    await clock.sleep(1_000);
    const recovered = await states(clients);
    // Assess
    expect(recovering).toEqual(['unhealthy', 'unhealthy', 'unhealthy']);
    expect(recovered).toEqual(['healthy', 'healthy', 'healthy']);
  });

  it('registers new targets as initial with the reason ALB gives', async () => {
    const { clients, sandbox } = testSandbox();
    sandbox.setTargetGroup(ECS, { healthyTargets: 4 });
    const { TargetHealthDescriptions } = await clients.elbv2.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: ECS }),
    );
    expect(TargetHealthDescriptions?.[3]?.TargetHealth).toEqual({
      State: 'initial',
      Reason: 'Elb.RegistrationInProgress',
      Description: 'Target registration is in progress',
    });
  });

  it('brings a newly registered passing target in after one health check, whatever the healthy threshold', async () => {
    // Prepare: interval 10 s, healthy threshold 3; ALB needs one passing check for a new target
    const { clients, clock, sandbox } = testSandbox();
    // Act
    sandbox.setTargetGroup(ECS, { healthyTargets: 4 });
    await clock.sleep(9_999);
    const checking = await states(clients);
    await clock.sleep(1);
    const checked = await states(clients);
    // Assess
    expect(checking).toEqual(['healthy', 'healthy', 'healthy', 'initial']);
    expect(checked).toEqual(['healthy', 'healthy', 'healthy', 'healthy']);
  });

  it('reports the targets of a group no router forwards to as unused until a write attaches it', async () => {
    // Prepare: the listener forwards to VM only, and no rule exists
    const only = (...groups: [string, number][]) => [
      {
        Type: 'forward' as const,
        ForwardConfig: {
          TargetGroups: groups.map(([arn, weight]) => ({ TargetGroupArn: arn, Weight: weight })),
        },
      },
    ];
    const { clients, clock } = testSandbox({
      listeners: [{ arn: LISTENER, defaultActions: only([VM, 1]) }],
      rules: [],
    });
    const attachedTo = async () =>
      (await clients.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [ECS] })))
        .TargetGroups?.[0]?.LoadBalancerArns;
    const unusedHealth = (await clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: ECS })))
      .TargetHealthDescriptions?.[0]?.TargetHealth;
    const unusedAttachment = await attachedTo();
    // Act: attach at weight 0 (health checks start), then detach again
    await clients.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: LISTENER, DefaultActions: only([VM, 1], [ECS, 0]) }),
    );
    const attached = await attachedTo();
    const checking = await states(clients);
    await clock.sleep(10_000);
    const checked = await states(clients);
    await clients.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: LISTENER, DefaultActions: only([VM, 1]) }),
    );
    const detached = await states(clients);
    // Assess
    expect(unusedAttachment).toEqual([]);
    expect(unusedHealth).toEqual({
      State: 'unused',
      Reason: 'Target.NotInUse',
      Description: 'Target group is not configured to receive traffic from the load balancer',
    });
    expect(attached).toEqual([LOAD_BALANCER]);
    expect(checking).toEqual(['initial', 'initial', 'initial']);
    expect(checked).toEqual(['healthy', 'healthy', 'healthy']);
    expect(detached).toEqual(['unused', 'unused', 'unused']);
  });

  it('fails open: with every target unhealthy, traffic still reaches the failing targets', async () => {
    const { clock, sandbox } = testSandbox();
    sandbox.setTargetGroup(ECS, { healthyTargets: 0 });
    await clock.sleep(60_000);
    const group = sandbox.elb.targetGroups.get(ECS);
    expect(group?.health.counts(clock.now().getTime())).toEqual({ initial: 0, healthy: 0, unhealthy: 3 });
    expect(group?.health.failingShareAt(clock.now().getTime())).toBe(1);
  });

  it('routes only to the targets ALB still reports healthy once the failing ones are marked', async () => {
    const { clock, sandbox } = testSandbox();
    sandbox.setTargetGroup(ECS, { healthyTargets: 2 });
    const group = sandbox.elb.targetGroups.get(ECS);
    const beforeMarked = group?.health.failingShareAt(clock.now().getTime() + 1_000);
    await clock.sleep(20_000);
    const afterMarked = group?.health.failingShareAt(clock.now().getTime());
    expect(beforeMarked).toBeCloseTo(1 / 3);
    expect(afterMarked).toBe(0);
  });
});
