import { describe, expect, it } from 'vitest';
import { parseRouterArn, parseTargetGroupArn } from '#plan/index';

const LISTENER =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2';
const RULE =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee';
const TARGET_GROUP =
  'arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:targetgroup/crawler-ecs/0123456789abcdef';

describe('parseRouterArn', () => {
  it('reads a listener ARN: location, listener and the LoadBalancer dimension', () => {
    expect(parseRouterArn(LISTENER, 'listener')).toEqual({
      ok: true,
      value: {
        kind: 'listener',
        arn: LISTENER,
        partition: 'aws',
        region: 'ap-northeast-1',
        accountId: '123456789012',
        listenerArn: LISTENER,
        loadBalancerDimension: 'app/web/50dc6c495c0c9188',
      },
    });
  });

  it('derives the owning listener of a rule', () => {
    const result = parseRouterArn(RULE, 'rule');
    expect(result).toMatchObject({ ok: true, value: { kind: 'rule', arn: RULE, listenerArn: LISTENER } });
  });

  it.each([
    {
      case: 'a rule where a listener is expected',
      arn: RULE,
      kind: 'listener' as const,
      problem: /wrong ARN kind; got a listener-rule ARN/,
    },
    {
      case: 'a listener where a rule is expected',
      arn: LISTENER,
      kind: 'rule' as const,
      problem: /wrong ARN kind; got a listener ARN/,
    },
    {
      case: 'too few fields',
      arn: 'arn:aws:elasticloadbalancing:ap-northeast-1:listener/app/web',
      kind: 'listener' as const,
      problem: /malformed ARN/,
    },
    {
      case: 'another service',
      arn: LISTENER.replace('elasticloadbalancing', 'ec2'),
      kind: 'listener' as const,
      problem: /got service "ec2"/,
    },
    {
      case: 'a bad region',
      arn: LISTENER.replace('ap-northeast-1', 'tokyo'),
      kind: 'listener' as const,
      problem: /malformed region; got "tokyo"/,
    },
    {
      case: 'a short account',
      arn: LISTENER.replace('123456789012', '1234'),
      kind: 'listener' as const,
      problem: /malformed account; got "1234"/,
    },
    {
      case: 'a network load balancer',
      arn: LISTENER.replace('/app/', '/net/'),
      kind: 'listener' as const,
      problem: /not an Application Load Balancer/,
    },
    {
      case: 'a short listener id',
      arn: LISTENER.replace('f2f7dc8efc522ab2', 'f2f7'),
      kind: 'listener' as const,
      problem: /malformed listener id; got "f2f7"/,
    },
    {
      case: 'a trailing segment',
      arn: `${LISTENER}/extra`,
      kind: 'listener' as const,
      problem: /malformed listener ARN/,
    },
    {
      case: 'a short rule id',
      arn: RULE.replace('9683b2d02a6cabee', 'x'),
      kind: 'rule' as const,
      problem: /malformed rule id/,
    },
  ])('refuses $case', ({ arn, kind, problem }) => {
    const result = parseRouterArn(arn, kind);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });
});

describe('parseTargetGroupArn', () => {
  it('reads partition, region, account, name and the TargetGroup dimension', () => {
    expect(parseTargetGroupArn(TARGET_GROUP)).toEqual({
      ok: true,
      value: {
        arn: TARGET_GROUP,
        partition: 'aws-cn',
        region: 'cn-north-1',
        accountId: '123456789012',
        name: 'crawler-ecs',
        targetGroupDimension: 'targetgroup/crawler-ecs/0123456789abcdef',
      },
    });
  });

  it.each([
    { case: 'a bare name', arn: 'crawler-ecs', problem: /malformed ARN/ },
    { case: 'a listener ARN', arn: LISTENER, problem: /wrong resource type; got "listener"/ },
    {
      case: 'a name ending in a hyphen',
      arn: TARGET_GROUP.replace('crawler-ecs', 'crawler-'),
      problem: /malformed target group name/,
    },
    {
      case: 'an id that is not hex',
      arn: TARGET_GROUP.replace('0123456789abcdef', 'zzzzzzzzzzzzzzzz'),
      problem: /malformed target group id/,
    },
  ])('refuses $case', ({ arn, problem }) => {
    const result = parseTargetGroupArn(arn);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });
});
