// The test-route and probe adapters over the sandbox ALB (real SDK clients, real middleware): rules
// are created, found again, read back and deleted like ELBv2 does it, and probe requests are routed
// by those rules.
import { CreateRuleCommand, DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { AlbTestRoutes } from '#aws/alb-test-routes';
import { HttpProbeSource } from '#aws/http-probe';
import { PreflightFailedError } from '#core/errors';
import { ECS, LISTENER, RULE, testSandbox, VM } from '../sandbox/fixture.ts';

const SPEC = { listenerArn: LISTENER, header: 'X-Cutover-Test', value: 'crawler', targetGroupArn: ECS };

function setup() {
  const env = testSandbox();
  const routes = new AlbTestRoutes({ client: env.clients.elbv2, clock: env.clock });
  const probe = new HttpProbeSource({ client: env.clients.elbv2, transport: env.sandbox.probeTransport });
  return { ...env, routes, probe };
}

const rulesOn = async (env: ReturnType<typeof setup>) =>
  (await env.clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: LISTENER }))).Rules ?? [];

describe('AlbTestRoutes', () => {
  it('creates one header rule forwarding only to the destination, before the existing rules', async () => {
    // Prepare
    const env = setup();
    // Act
    const record = await env.routes.ensure(SPEC);
    // Assess
    expect(record.priority).toBe(1);
    const rule = (await rulesOn(env)).find((candidate) => candidate.RuleArn === record.ruleArn);
    expect(rule?.Conditions?.[0]).toMatchObject({
      Field: 'http-header',
      HttpHeaderConfig: { HttpHeaderName: 'X-Cutover-Test', Values: ['crawler'] },
    });
    expect(rule?.Actions?.[0]?.ForwardConfig?.TargetGroups).toEqual([{ TargetGroupArn: ECS, Weight: 1 }]);
    // The router rule is untouched.
    expect(env.sandbox.elb.rules.get(RULE)?.Priority).toBe('10');
  });

  it('finds the rule again instead of creating a second one when retried', async () => {
    // Prepare
    const env = setup();
    const first = await env.routes.ensure(SPEC);
    // Act
    const second = await env.routes.ensure(SPEC);
    // Assess
    expect(second.ruleArn).toBe(first.ruleArn);
    expect(env.sandbox.apiCalls().CreateRule).toBe(1);
  });

  it('refuses a taken priority and never touches a rule someone else made for the same header', async () => {
    // Prepare
    const env = setup();
    await env.clients.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: LISTENER,
        Priority: 3,
        Conditions: [
          {
            Field: 'http-header',
            HttpHeaderConfig: { HttpHeaderName: 'X-Cutover-Test', Values: ['crawler'] },
          },
        ],
        Actions: [{ Type: 'forward', TargetGroupArn: VM }],
      }),
    );
    // Act
    const foreign = env.routes.ensure(SPEC);
    const taken = env.routes.ensure({ ...SPEC, value: 'other', priority: 3 });
    // Assess
    await expect(foreign).rejects.toBeInstanceOf(PreflightFailedError);
    await expect(taken).rejects.toThrow(/testRoute.priority: priority 3 is taken/);
    expect(env.sandbox.apiCalls().CreateRule).toBe(1);
  });

  it('keeps the test route before a router rule', async () => {
    // Prepare
    const env = setup();
    // Act
    const late = env.routes.ensure({ ...SPEC, priority: 20, routerRuleArn: RULE });
    // Assess
    await expect(late).rejects.toThrow(/evaluated after the router rule/);
  });

  it('removes the rule by ARN, or by its header when the ARN was never recorded, and reads back', async () => {
    // Prepare
    const env = setup();
    const record = await env.routes.ensure(SPEC);
    const { ruleArn: _arn, ...byHeader } = record;
    // Act
    const removed = await env.routes.remove(byHeader);
    const again = await env.routes.remove(record);
    // Assess
    expect(removed).toBe(true);
    expect(again).toBe(false);
    expect((await rulesOn(env)).some((rule) => rule.RuleArn === record.ruleArn)).toBe(false);
    expect(env.sandbox.elb.rules.get(RULE)).toBeDefined();
  });
});

describe('HttpProbeSource over the sandbox ALB', () => {
  const request = {
    listenerArn: LISTENER,
    path: '/healthz',
    header: 'X-Cutover-Test',
    value: 'crawler',
    requests: 20,
    timeoutMs: 2000,
  };

  it('reaches only the destination through the test route, and sees its 5XX', async () => {
    // Prepare
    const env = setup();
    await env.routes.ensure(SPEC);
    env.sandbox.setTargetGroup(ECS, { errorPercent: 100 });
    // Act
    const sample = await env.probe.sample(request);
    // Assess
    expect(sample.url).toMatch(/^https:\/\/web-[0-9a-f]+\.elb\.sandbox\.invalid\/healthz$/);
    expect(sample.responses.every((response) => response.status === 502)).toBe(true);
    expect(new Set(env.sandbox.probeHits.map((hit) => hit.targetGroupArn))).toEqual(new Set([ECS]));
  });

  it('follows the weights without the test route (why the probe requires one)', async () => {
    // Prepare
    const env = setup();
    // Act
    await env.probe.sample({ ...request, requests: 20 });
    // Assess: the router rule sends 90% to vm.
    expect(env.sandbox.probeHits.some((hit) => hit.targetGroupArn === VM)).toBe(true);
  });
});
