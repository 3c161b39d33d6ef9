import {
  type Action,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { ECS, LISTENER, RULE, SPARE, testSandbox, VM } from './fixture.ts';

const weighted = (...groups: [string, number][]): Action[] => [
  {
    Type: 'forward',
    ForwardConfig: { TargetGroups: groups.map(([arn, weight]) => ({ TargetGroupArn: arn, Weight: weight })) },
  },
];

describe('sandbox ELBv2', () => {
  it('stores a weighted forward like AWS returns it and reads it back', async () => {
    // Prepare
    const { clients } = testSandbox();
    // Act
    await clients.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: LISTENER, DefaultActions: weighted([VM, 750], [ECS, 250]) }),
    );
    const { Listeners } = await clients.elbv2.send(
      new DescribeListenersCommand({ ListenerArns: [LISTENER] }),
    );
    // Assess
    expect(Listeners?.[0]?.DefaultActions).toEqual([
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: VM, Weight: 750 },
            { TargetGroupArn: ECS, Weight: 250 },
          ],
          TargetGroupStickinessConfig: { Enabled: false },
        },
      },
    ]);
  });

  it('names the single group of a one-group forward in TargetGroupArn, as ELBv2 does', async () => {
    const { clients } = testSandbox();
    await clients.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: LISTENER,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: VM }],
      }),
    );
    const { Listeners } = await clients.elbv2.send(
      new DescribeListenersCommand({ ListenerArns: [LISTENER] }),
    );
    expect(Listeners?.[0]?.DefaultActions?.[0]).toMatchObject({
      TargetGroupArn: VM,
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: VM, Weight: 1 }] },
    });
  });

  it('keeps rule stickiness and writes rules with ModifyRule', async () => {
    const { clients } = testSandbox();
    const before = await clients.elbv2.send(new DescribeRulesCommand({ RuleArns: [RULE] }));
    const actions = structuredClone(before.Rules?.[0]?.Actions ?? []);
    const tuples = actions[0]?.ForwardConfig?.TargetGroups ?? [];
    (tuples[0] as { Weight: number }).Weight = 50;
    (tuples[1] as { Weight: number }).Weight = 50;
    await clients.elbv2.send(new ModifyRuleCommand({ RuleArn: RULE, Actions: actions }));
    const after = await clients.elbv2.send(new DescribeRulesCommand({ RuleArns: [RULE] }));
    expect(after.Rules?.[0]?.Actions?.[0]?.ForwardConfig).toEqual({
      TargetGroups: [
        { TargetGroupArn: VM, Weight: 50 },
        { TargetGroupArn: ECS, Weight: 50 },
      ],
      TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 300 },
    });
  });

  it.each([
    { case: 'a weight above 999', actions: weighted([VM, 1000], [ECS, 0]), error: 'ValidationError' },
    { case: 'a fractional weight', actions: weighted([VM, 50.5], [ECS, 49.5]), error: 'ValidationError' },
    { case: 'a negative weight', actions: weighted([VM, -1], [ECS, 101]), error: 'ValidationError' },
    { case: 'a group listed twice', actions: weighted([VM, 50], [VM, 50]), error: 'ValidationError' },
    {
      case: 'six target groups',
      actions: weighted([VM, 1], [ECS, 1], [`${VM}1`, 1], [`${VM}2`, 1], [`${VM}3`, 1], [`${VM}4`, 1]),
      error: 'TooManyTargetGroupsException',
    },
    {
      case: 'an unknown target group',
      actions: weighted([VM, 50], [`${ECS}0`, 50]),
      error: 'TargetGroupNotFoundException',
    },
    {
      case: 'a group of another load balancer',
      actions: weighted([VM, 50], [SPARE, 50]),
      error: 'TargetGroupAssociationLimitException',
    },
  ])('refuses $case and keeps the old weights', async ({ actions, error }) => {
    // Prepare
    const { clients, sandbox } = testSandbox();
    // Act
    const write = clients.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: LISTENER, DefaultActions: actions }),
    );
    // Assess
    await expect(write).rejects.toMatchObject({ name: error });
    expect(sandbox.elb.albWeightsOf(LISTENER)).toEqual({ [VM]: 100, [ECS]: 0 });
  });

  it('answers unknown listeners, rules and target groups with the ELBv2 not-found errors', async () => {
    const { clients } = testSandbox();
    await expect(
      clients.elbv2.send(new DescribeListenersCommand({ ListenerArns: [`${LISTENER}x`] })),
    ).rejects.toMatchObject({
      name: 'ListenerNotFoundException',
    });
    await expect(
      clients.elbv2.send(new DescribeRulesCommand({ RuleArns: [`${RULE}x`] })),
    ).rejects.toMatchObject({
      name: 'RuleNotFoundException',
    });
    await expect(
      clients.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [`${VM}x`] })),
    ).rejects.toMatchObject({
      name: 'TargetGroupNotFoundException',
    });
  });

  it('records every weight change with its virtual time (the traffic model splits by it)', async () => {
    const { clients, clock, sandbox } = testSandbox();
    await clock.sleep(30_000);
    await clients.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: LISTENER, DefaultActions: weighted([VM, 99], [ECS, 1]) }),
    );
    await clock.sleep(30_000);
    sandbox.drift(LISTENER, { [VM]: 50, [ECS]: 50 });
    expect(sandbox.elb.albWeightsAt(LISTENER, START_MS + 10_000)).toEqual({ [VM]: 100, [ECS]: 0 });
    expect(sandbox.elb.albWeightsAt(LISTENER, START_MS + 45_000)).toEqual({ [VM]: 99, [ECS]: 1 });
    expect(sandbox.elb.albWeightsAt(LISTENER, START_MS + 60_000)).toEqual({ [VM]: 50, [ECS]: 50 });
    expect(sandbox.elb.writes.filter((w) => w.routerArn === LISTENER).map((w) => w.by)).toEqual([
      'initial',
      'ModifyListener',
      'drift',
    ]);
  });
});

const START_MS = new Date('2026-03-02T01:00:00Z').getTime();
