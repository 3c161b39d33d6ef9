import {
  type Action,
  DescribeTargetGroupsCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { AlbTrafficRouter } from '#aws/alb-traffic-router';
import {
  AwsRejectedError,
  AwsTransientError,
  RouterUnavailableError,
  SnapshotUnrestorableError,
  TargetGroupUnavailableError,
  WeightsNotVerifiedError,
} from '#core/errors';
import {
  accessDenied,
  FakeClock,
  FakeElbv2,
  forwardAction,
  LB_ARN,
  LISTENER_ARN,
  OTHER_LB_ARN,
  RULE_ARN,
  TARGET_NAMES,
  TG_ECS,
  TG_EKS,
  TG_VM,
  throttling,
} from './kit.ts';

function setup(kind: 'listener' | 'rule', actions: Action[], opts: { verifyBudgetSeconds?: number } = {}) {
  const elb = new FakeElbv2();
  elb.targetGroups.set(TG_VM, { loadBalancerArns: [LB_ARN] });
  elb.targetGroups.set(TG_ECS, { loadBalancerArns: [LB_ARN] });
  elb.targetGroups.set(TG_EKS, { loadBalancerArns: [] });
  const arn = kind === 'listener' ? LISTENER_ARN : RULE_ARN;
  (kind === 'listener' ? elb.listeners : elb.rules).set(arn, actions);
  const clock = new FakeClock();
  const router = new AlbTrafficRouter({
    client: elb.client,
    router: { kind, arn },
    clock,
    targetNames: TARGET_NAMES,
    ...opts,
  });
  return { elb, clock, router, arn };
}

const vmEcs = (vm: number, ecs: number) => ({ [TG_VM]: vm, [TG_ECS]: ecs });

describe('AlbTrafficRouter.snapshot / getWeights', () => {
  it('keeps the actions exactly as AWS returned them, with the shares of the forward action', async () => {
    // Prepare
    const actions: Action[] = [
      {
        Type: 'authenticate-cognito',
        Order: 1,
        AuthenticateCognitoConfig: { UserPoolArn: 'p', UserPoolClientId: 'c', UserPoolDomain: 'd' },
      },
      {
        ...forwardAction(
          [
            [TG_VM, 600],
            [TG_ECS, 200],
          ],
          true,
        ),
        Order: 2,
      },
    ];
    const { router, clock } = setup('rule', actions);
    // Act
    const snapshot = await router.snapshot();
    // Assess
    expect(snapshot).toEqual({
      routerArn: RULE_ARN,
      kind: 'rule',
      actions,
      weights: vmEcs(75, 25),
      capturedAt: clock.now().toISOString(),
    });
  });

  it.each([
    ['listener', 'ListenerNotFound'],
    ['rule', 'RuleNotFound'],
  ] as const)('reports a missing %s as RouterUnavailable (%s)', async (kind, code) => {
    // Prepare: the router ARN is not in the fake ELB
    const { router, elb } = setup(kind, [forwardAction([[TG_VM, 1]])]);
    elb.listeners.clear();
    elb.rules.clear();
    // Act
    const result = router.getWeights();
    // Assess
    await expect(result).rejects.toBeInstanceOf(RouterUnavailableError);
    await expect(router.getWeights()).rejects.toThrow(new RegExp(`${kind} .* not found \\(${code}Exception`));
  });

  it.each([
    ['redirect', { Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', Host: 'example.com' } }],
    ['fixed-response', { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } }],
  ] as const)('refuses a default action that is a %s, naming its type', async (type, action) => {
    // Prepare
    const { router } = setup('listener', [action as Action]);
    // Act
    const result = router.snapshot();
    // Assess
    await expect(result).rejects.toBeInstanceOf(RouterUnavailableError);
    await expect(router.snapshot()).rejects.toThrow(
      `listener ${LISTENER_ARN}: action is ${type}, not forward`,
    );
  });

  it('maps throttling that outlasted the SDK retries to AwsTransient', async () => {
    // Prepare
    const { router, elb } = setup('rule', [forwardAction([[TG_VM, 1]])]);
    elb.failNext('DescribeRules', throttling);
    // Act
    const result = router.getWeights();
    // Assess
    await expect(result).rejects.toThrow(AwsTransientError);
  });

  it('maps AccessDenied to AwsRejected with the action in the message', async () => {
    // Prepare
    const { router, elb } = setup('listener', [forwardAction([[TG_VM, 1]])]);
    elb.failNext('DescribeListeners', accessDenied);
    // Act
    const result = router.getWeights();
    // Assess
    await expect(result).rejects.toThrow(AwsRejectedError);
  });
});

describe('AlbTrafficRouter.setWeights', () => {
  it('writes the whole actions list with ModifyRule, keeping stickiness and other actions', async () => {
    // Prepare
    const fixed: Action = {
      Type: 'authenticate-oidc',
      Order: 1,
      AuthenticateOidcConfig: {
        Issuer: 'i',
        AuthorizationEndpoint: 'a',
        TokenEndpoint: 't',
        UserInfoEndpoint: 'u',
        ClientId: 'c',
      },
    };
    const { router, elb } = setup('rule', [
      fixed,
      {
        ...forwardAction(
          [
            [TG_VM, 100],
            [TG_ECS, 0],
          ],
          true,
        ),
        Order: 2,
      },
    ]);
    // Act
    const result = await router.setWeights(vmEcs(90, 10), { expected: vmEcs(100, 0) });
    // Assess
    expect(result).toEqual({ written: true, stale: false, before: vmEcs(100, 0), after: vmEcs(90, 10) });
    expect(elb.mock).toHaveReceivedCommandExactlyOnceWith(ModifyRuleCommand, {
      RuleArn: RULE_ARN,
      Actions: [
        fixed,
        {
          ...forwardAction(
            [
              [TG_VM, 90],
              [TG_ECS, 10],
            ],
            true,
          ),
          Order: 2,
        },
      ],
    });
  });

  it('writes a listener with ModifyListener and nothing but its default actions', async () => {
    // Prepare
    const { router, elb } = setup('listener', [
      forwardAction([
        [TG_VM, 100],
        [TG_ECS, 0],
      ]),
    ]);
    // Act
    await router.setWeights(vmEcs(99, 1), { expected: vmEcs(100, 0) });
    // Assess
    expect(elb.mock).toHaveReceivedCommandExactlyOnceWith(ModifyListenerCommand, {
      ListenerArn: LISTENER_ARN,
      DefaultActions: [
        forwardAction([
          [TG_VM, 99],
          [TG_ECS, 1],
        ]),
      ],
    });
    expect(elb.mock).toHaveReceivedCommandTimes(ModifyRuleCommand, 0);
  });

  it('is a no-op when the live weights already equal the desired ones (a retried Lambda)', async () => {
    // Prepare
    const { router, elb } = setup('rule', [
      forwardAction([
        [TG_VM, 75],
        [TG_ECS, 25],
      ]),
    ]);
    // Act
    const result = await router.setWeights(vmEcs(75, 25), { expected: vmEcs(90, 10) });
    // Assess
    expect(result).toEqual({ written: false, stale: false, before: vmEcs(75, 25), after: vmEcs(75, 25) });
    expect(elb.mock).toHaveReceivedCommandTimes(ModifyRuleCommand, 0);
  });

  it('writes nothing and reports the live weights when someone else moved them', async () => {
    // Prepare
    const { router, elb } = setup('rule', [
      forwardAction([
        [TG_VM, 50],
        [TG_ECS, 50],
      ]),
    ]);
    // Act
    const result = await router.setWeights(vmEcs(75, 25), { expected: vmEcs(90, 10) });
    // Assess
    expect(result).toEqual({ written: false, stale: true, before: vmEcs(50, 50), after: vmEcs(50, 50) });
    expect(elb.mock).toHaveReceivedCommandTimes(ModifyRuleCommand, 0);
  });

  it('adds a plan target group missing from the forward action after checking it belongs to this ALB', async () => {
    // Prepare: eks is not attached to any load balancer yet
    const { router, elb } = setup('rule', [
      forwardAction([
        [TG_VM, 100],
        [TG_ECS, 0],
      ]),
    ]);
    // Act
    const result = await router.setWeights(
      { [TG_VM]: 90, [TG_ECS]: 0, [TG_EKS]: 10 },
      { expected: vmEcs(100, 0) },
    );
    // Assess
    expect(result.after).toEqual({ [TG_VM]: 90, [TG_ECS]: 0, [TG_EKS]: 10 });
    expect(elb.mock).toHaveReceivedCommandWith(DescribeTargetGroupsCommand, { TargetGroupArns: [TG_EKS] });
    expect(elb.rules.get(RULE_ARN)).toEqual([
      forwardAction([
        [TG_VM, 90],
        [TG_ECS, 0],
        [TG_EKS, 10],
      ]),
    ]);
  });

  it('attaches a missing target group at weight 0 even though no share changes', async () => {
    // Prepare: the destination is not in the rule yet; its health checks start once it is attached
    const { router, elb } = setup('rule', [forwardAction([[TG_VM, 100]])]);
    // Act
    const result = await router.setWeights(vmEcs(100, 0), { expected: { [TG_VM]: 100 } });
    // Assess
    expect(result).toEqual({ written: true, stale: false, before: { [TG_VM]: 100 }, after: vmEcs(100, 0) });
    expect(elb.rules.get(RULE_ARN)).toEqual([
      forwardAction([
        [TG_VM, 100],
        [TG_ECS, 0],
      ]),
    ]);
  });

  it('refuses a target group attached to another load balancer before writing', async () => {
    // Prepare
    const { router, elb } = setup('rule', [forwardAction([[TG_VM, 100]])]);
    elb.targetGroups.set(TG_ECS, { loadBalancerArns: [OTHER_LB_ARN] });
    // Act
    const result = router.setWeights(vmEcs(99, 1), { expected: { [TG_VM]: 100 } });
    // Assess
    await expect(result).rejects.toBeInstanceOf(TargetGroupUnavailableError);
    await expect(result).rejects.toThrow(
      `target group ecs (${TG_ECS}): attached to another load balancer ${OTHER_LB_ARN}`,
    );
    expect(elb.mock).toHaveReceivedCommandTimes(ModifyRuleCommand, 0);
  });

  it('reports a target group that does not exist as TargetGroupUnavailable (TargetGroupNotFound)', async () => {
    // Prepare
    const { router, elb } = setup('rule', [forwardAction([[TG_VM, 100]])]);
    elb.targetGroups.delete(TG_ECS);
    // Act
    const result = router.setWeights(vmEcs(99, 1), { expected: { [TG_VM]: 100 } });
    // Assess
    await expect(result).rejects.toBeInstanceOf(TargetGroupUnavailableError);
    expect(elb.mock).toHaveReceivedCommandTimes(ModifyRuleCommand, 0);
  });

  it('reports TargetGroupNotFound from ModifyRule as TargetGroupUnavailable', async () => {
    // Prepare: the group is listed but was deleted since
    const { router, elb } = setup('rule', [
      forwardAction([
        [TG_VM, 100],
        [TG_ECS, 0],
      ]),
    ]);
    elb.targetGroups.delete(TG_ECS);
    // Act
    const result = router.setWeights(vmEcs(50, 50), { expected: vmEcs(100, 0) });
    // Assess
    await expect(result).rejects.toBeInstanceOf(TargetGroupUnavailableError);
  });

  it.each([
    ['ThrottlingException after the SDK retries', throttling, AwsTransientError],
    ['AccessDenied', accessDenied, AwsRejectedError],
  ] as const)('surfaces %s from ModifyRule', async (_case, error, expected) => {
    // Prepare
    const { router, elb } = setup('rule', [
      forwardAction([
        [TG_VM, 100],
        [TG_ECS, 0],
      ]),
    ]);
    elb.failNext('ModifyRule', error);
    // Act
    const result = router.setWeights(vmEcs(50, 50), { expected: vmEcs(100, 0) });
    // Assess
    await expect(result).rejects.toBeInstanceOf(expected);
    expect(elb.rules.get(RULE_ARN)).toEqual([
      forwardAction([
        [TG_VM, 100],
        [TG_ECS, 0],
      ]),
    ]);
  });

  it('refuses a sixth target group as RouterUnavailable', async () => {
    // Prepare
    const groups = ['a', 'b', 'c', 'd', 'e'].map((n) => TG_VM.replace('crawler-vm', n));
    const { router, elb } = setup('rule', [forwardAction(groups.map((arn, i) => [arn, i === 0 ? 100 : 0]))]);
    for (const arn of groups) elb.targetGroups.set(arn, { loadBalancerArns: [LB_ARN] });
    // Act
    const result = router.setWeights(
      { [groups[0] ?? '']: 90, [TG_ECS]: 10 },
      { expected: { [groups[0] ?? '']: 100 } },
    );
    // Assess
    await expect(result).rejects.toThrow(RouterUnavailableError);
    await expect(result).rejects.toThrow(/ALB allows 5/);
  });
});

describe('AlbTrafficRouter.verify', () => {
  it('keeps polling through stale reads after a write, with backoff on the clock, then succeeds', async () => {
    // Prepare: the next 3 reads after the write still show the old weights
    const { router, elb, clock } = setup('rule', [
      forwardAction([
        [TG_VM, 100],
        [TG_ECS, 0],
      ]),
    ]);
    elb.staleReads = 3;
    await router.setWeights(vmEcs(75, 25), { expected: vmEcs(100, 0) });
    // Act
    await router.verify(vmEcs(75, 25));
    // Assess
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000]);
  });

  it('gives up within its budget with a message naming the router, the target and both weights', async () => {
    // Prepare: reads stay stale for longer than the budget
    const { router, elb, clock } = setup('rule', [
      forwardAction([
        [TG_VM, 90],
        [TG_ECS, 10],
      ]),
    ]);
    elb.staleReads = 1_000;
    await router.setWeights(vmEcs(75, 25), { expected: vmEcs(90, 10) });
    // Act
    const result = router.verify(vmEcs(75, 25));
    // Assess
    await expect(result).rejects.toBeInstanceOf(WeightsNotVerifiedError);
    await expect(router.verify(vmEcs(75, 25))).rejects.toThrow(
      `rule ${RULE_ARN} not verified: vm weight 75 not set (live 90), ecs weight 25 not set (live 10)`,
    );
    expect(clock.sleptMs).toBeLessThanOrEqual(2 * 120_000);
    expect(clock.sleeps.slice(0, 6)).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('keeps polling until an attached target group is listed, not only until the shares match', async () => {
    // Prepare
    const { router, elb, clock } = setup('rule', [forwardAction([[TG_VM, 100]])]);
    elb.staleReads = 2;
    await router.setWeights(vmEcs(100, 0), { expected: { [TG_VM]: 100 } });
    // Act
    await router.verify(vmEcs(100, 0));
    // Assess
    expect(clock.sleeps).toEqual([1_000, 2_000]);
  });

  it('says when a target group never appeared in the forward action', async () => {
    const { router } = setup('rule', [forwardAction([[TG_VM, 100]])], { verifyBudgetSeconds: 1 });
    await expect(router.verify(vmEcs(100, 0))).rejects.toThrow(
      `rule ${RULE_ARN} not verified: ecs weight 0 not set (not in the forward action)`,
    );
  });

  it('honours a shorter budget', async () => {
    // Prepare
    const { router, clock } = setup(
      'rule',
      [
        forwardAction([
          [TG_VM, 90],
          [TG_ECS, 10],
        ]),
      ],
      { verifyBudgetSeconds: 5 },
    );
    // Act
    const result = router.verify(vmEcs(75, 25));
    // Assess
    await expect(result).rejects.toThrow(/rule .* not verified: .*; 3 reads over 3 s/);
    expect(clock.sleptMs).toBe(3_000);
  });

  it('surfaces an AWS error while polling instead of swallowing it', async () => {
    // Prepare
    const { router, elb } = setup('rule', [
      forwardAction([
        [TG_VM, 90],
        [TG_ECS, 10],
      ]),
    ]);
    elb.failNext('DescribeRules', throttling);
    // Act
    const result = router.verify(vmEcs(90, 10));
    // Assess
    await expect(result).rejects.toBeInstanceOf(AwsTransientError);
  });
});

describe('AlbTrafficRouter.restore', () => {
  it('writes nothing over a default action someone replaced with a redirect, and says so', async () => {
    // Prepare
    const original = [
      forwardAction(
        [
          [TG_VM, 100],
          [TG_ECS, 0],
        ],
        true,
      ),
    ];
    const { router, elb } = setup('listener', original);
    const snapshot = await router.snapshot();
    elb.listeners.set(LISTENER_ARN, [
      { Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_302', Host: 'x' } },
    ]);
    // Act
    const result = await router.restore(snapshot, { expected: [snapshot.weights] });
    // Assess
    expect(result).toEqual({ restored: false, live: {} });
    expect(elb.mock).toHaveReceivedCommandTimes(ModifyListenerCommand, 0);
  });

  it('writes the captured actions back exactly, stickiness included, over weights of ours', async () => {
    // Prepare
    const original = [
      forwardAction(
        [
          [TG_VM, 100],
          [TG_ECS, 0],
        ],
        true,
      ),
    ];
    const { router, elb } = setup('listener', original);
    const snapshot = await router.snapshot();
    await router.setWeights(vmEcs(60, 40), { expected: vmEcs(100, 0) });
    // Act
    const result = await router.restore(snapshot, { expected: [vmEcs(60, 40)] });
    // Assess
    expect(result).toEqual({ restored: true, live: vmEcs(60, 40) });
    expect(elb.mock).toHaveReceivedCommandWith(ModifyListenerCommand, {
      ListenerArn: LISTENER_ARN,
      DefaultActions: original,
    });
    expect(elb.listeners.get(LISTENER_ARN)).toEqual(original);
  });

  it('keeps reading back through stale reads until the actions match', async () => {
    // Prepare
    const { router, elb, clock } = setup('rule', [
      forwardAction([
        [TG_VM, 100],
        [TG_ECS, 0],
      ]),
    ]);
    const snapshot = await router.snapshot();
    await router.setWeights(vmEcs(50, 50), { expected: vmEcs(100, 0) });
    elb.staleReads = 2;
    // Act
    await router.restore(snapshot, { expected: [vmEcs(50, 50)] });
    // Assess
    expect(clock.sleeps).toEqual([1_000, 2_000]);
  });

  it('fails with WeightsNotVerified when the restored actions never read back', async () => {
    // Prepare
    const { router, elb } = setup('rule', [
      forwardAction([
        [TG_VM, 100],
        [TG_ECS, 0],
      ]),
    ]);
    const snapshot = await router.snapshot();
    await router.setWeights(vmEcs(50, 50), { expected: vmEcs(100, 0) });
    elb.staleReads = 1_000;
    // Act
    const result = router.restore(snapshot, { expected: [vmEcs(50, 50)] });
    // Assess
    await expect(result).rejects.toThrow(
      /rule .* not verified: snapshot actions of .* not restored \(live vm=50, ecs=50 vs snapshot vm=100, ecs=0\)/,
    );
  });

  it('fails loudly with SnapshotUnrestorable when a target group of the snapshot was deleted', async () => {
    // Prepare
    const { router, elb } = setup('rule', [
      forwardAction([
        [TG_VM, 100],
        [TG_ECS, 0],
      ]),
    ]);
    const snapshot = await router.snapshot();
    elb.targetGroups.delete(TG_ECS);
    // Act
    const result = router.restore(snapshot, { expected: [snapshot.weights] });
    // Assess
    await expect(result).rejects.toBeInstanceOf(SnapshotUnrestorableError);
  });

  it('refuses a snapshot of another router', async () => {
    // Prepare
    const { router, elb } = setup('rule', [forwardAction([[TG_VM, 100]])]);
    const snapshot = { ...(await router.snapshot()), routerArn: LISTENER_ARN, kind: 'listener' as const };
    // Act
    const result = router.restore(snapshot, { expected: [snapshot.weights] });
    // Assess
    await expect(result).rejects.toBeInstanceOf(SnapshotUnrestorableError);
    expect(elb.mock).toHaveReceivedCommandTimes(ModifyRuleCommand, 0);
  });

  it('surfaces a throttled write', async () => {
    // Prepare
    const { router, elb } = setup('rule', [forwardAction([[TG_VM, 100]])]);
    const snapshot = await router.snapshot();
    elb.failNext('ModifyRule', throttling);
    // Act
    const result = router.restore(snapshot, { expected: [snapshot.weights] });
    // Assess
    await expect(result).rejects.toBeInstanceOf(AwsTransientError);
  });
});

describe('AlbTrafficRouter.checkTargetGroups', () => {
  it('accepts groups of this load balancer and unattached ones', async () => {
    const { router } = setup('rule', [forwardAction([[TG_VM, 100]])]);
    await expect(router.checkTargetGroups([TG_VM, TG_EKS])).resolves.toBeUndefined();
  });

  it('describes target groups in one call', async () => {
    const { router, elb } = setup('rule', [forwardAction([[TG_VM, 100]])]);
    const groups = await router.describeTargetGroups([TG_VM, TG_ECS]);
    expect(groups.map((group) => group.TargetGroupArn)).toEqual([TG_VM, TG_ECS]);
    expect(elb.mock).toHaveReceivedCommandOnce(DescribeTargetGroupsCommand);
  });
});
