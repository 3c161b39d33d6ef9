import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it, vi } from 'vitest';
import { addPolicyChecks, createCutoverApp } from '#infra/app';
import { readDeploymentConfig } from '#infra/deployment-config';
import { routerScope } from '#infra/router-arns';
import { type CutoverSchedule, checkSchedule } from '#infra/schedules';

// Fast checks without bundling or synthesis: CDK's own `aws:cdk:bundling-stacks` context (what `cdk
// deploy --exclusively` uses for other stacks) leaves the functions' code as a placeholder. The one
// full synthesis (bundling, cdk-nag) is cutover-stack.test.ts's.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const LISTENER =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2';
const RULE =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee';

function plan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'crawler-vm-to-ecs',
    router: { listenerArn: LISTENER },
    targets: {
      vm: {
        platform: 'ec2',
        targetGroupArn:
          'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/crawler-vm/73e2d6bc24d8a067',
      },
      ecs: {
        platform: 'ecs',
        targetGroupArn:
          'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/crawler-ecs/0123456789abcdef',
        cluster: 'main',
        service: 'crawler',
      },
    },
    from: 'vm',
    to: 'ecs',
    steps: [1, 50, 100],
    ...overrides,
  };
}
const schedule = (overrides: Partial<CutoverSchedule> = {}): CutoverSchedule => ({
  name: 'weekday',
  plan: plan(),
  cron: '0 10 ? * MON-FRI *',
  timeZone: 'Asia/Tokyo',
  ...overrides,
});
const NOW = new Date('2026-11-25T00:00:00Z');

describe('routers', () => {
  it('sorts listeners and rules and records their account and region', () => {
    expect(routerScope([LISTENER, RULE, LISTENER])).toEqual({
      listenerArns: [LISTENER],
      ruleArns: [RULE],
      locations: [{ partition: 'aws', region: 'ap-northeast-1', accountId: '123456789012' }],
    });
  });

  it.each([
    { case: 'a wildcard', arns: [LISTENER.replace(/[^/]+$/, '*')], message: /wildcards are not allowed/ },
    {
      case: 'a target group ARN',
      arns: [LISTENER.replace(/listener\/app\/.*/, 'targetgroup/x/0123456789abcdef')],
      message: /routers\[0\]/,
    },
    { case: 'nothing', arns: [], message: /none configured/ },
  ])('refuses $case', ({ arns, message }) => {
    expect(() => routerScope(arns)).toThrow(message);
  });
});

describe('schedules', () => {
  it('validates the plan at synth time and reads the cron in its time zone', () => {
    const checked = checkSchedule(schedule({ cron: 'cron(0 10 ? * MON-FRI *)' }), [LISTENER], NOW);
    expect(checked).toMatchObject({
      expression: 'cron(0 10 ? * MON-FRI *)',
      timeZone: 'Asia/Tokyo',
      enabled: true,
    });
    expect(checked.plan.router.arn).toBe(LISTENER);
    expect(checked.end).toBeUndefined();
  });

  it('ends the schedule at notAfter, and warns when notAfter has already passed', () => {
    const future = checkSchedule(
      schedule({ plan: plan({ notAfter: '2030-12-01T09:00:00+09:00' }) }),
      [LISTENER],
      NOW,
    );
    expect(future.end).toEqual(new Date('2030-12-01T00:00:00Z'));
    const past = checkSchedule(
      schedule({ plan: plan({ notAfter: '2026-01-01T00:00:00Z' }) }),
      [LISTENER],
      NOW,
    );
    expect(past.end).toBeUndefined();
    expect(past.staleWarning).toMatch(/already passed; every run will stop with StalePlan/);
  });

  it.each([
    {
      case: 'an invalid plan',
      s: schedule({ plan: plan({ steps: [50, 10] }) }),
      message: /plan weekday is invalid[\s\S]*steps/,
    },
    {
      case: 'a router this deployment may not modify',
      s: schedule(),
      routers: [RULE],
      message: /not among this deployment's routers/,
    },
    { case: 'a five-field cron', s: schedule({ cron: '0 10 * * 1' }), message: /cron needs 6 fields/ },
    { case: 'an unknown time zone', s: schedule({ timeZone: 'Mars/Olympus' }), message: /unknown time zone/ },
    { case: 'a bad name', s: schedule({ name: 'weekday run' }), message: /name must be/ },
  ])('refuses $case', ({ s, routers, message }) => {
    expect(() => checkSchedule(s, routers ?? [LISTENER], NOW)).toThrow(message);
  });
});

describe('deployment config', () => {
  it('refuses unknown keys so a typo cannot drop a setting', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cutover-config-')), 'cutover.config.json');
    writeFileSync(file, JSON.stringify({ routers: [LISTENER], notification: { emails: [] } }));
    await expect(readDeploymentConfig(file)).rejects.toThrow(/Unrecognized key.*notification/);
  });
});

describe('the app', () => {
  // One full synthesis serves the whole suite (cutover-stack.test.ts); these checks need none.
  it('registers cdk-nag AwsSolutions, which fails synthesis on an unacknowledged finding', async () => {
    // Prepare
    const addPlugins = vi.spyOn(Validations.prototype, 'addPlugins');
    await createCutoverApp({ context: NO_BUNDLING });
    // The built-in CloudFormation schema validation (seconds of WebAssembly) is the full synthesis's job.
    const probe = new App({ context: NO_BUNDLING, builtinCloudFormationValidation: false });
    addPolicyChecks(probe);
    new sns.Topic(new Stack(probe, 'Probe'), 'UnencryptedTopic');

    // Act + Assess
    expect(addPlugins.mock.calls.flat().some((plugin) => plugin instanceof AwsSolutionsChecks)).toBe(true);
    addPlugins.mockRestore();
    expect(() => probe.synth()).toThrow(/AwsSolutions-SNS3/);
  });

  it('acknowledges findings only per resource, each with a reason', async () => {
    // Prepare
    const { app } = await createCutoverApp({ context: NO_BUNDLING });

    // Act
    const acknowledgements = app.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .map((m) => ({ construct: c, rules: m.data as Record<string, string> })),
      );

    // Assess
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { construct, rules } of acknowledgements) {
      // One resource each: a function, a role or a managed policy — never a stack or the construct.
      expect(Stack.isStack(construct), construct.node.path).toBe(false);
      expect(
        construct instanceof lambda.Function ||
          construct instanceof iam.Role ||
          construct instanceof iam.ManagedPolicy,
        construct.node.path,
      ).toBe(true);
      for (const [id, reason] of Object.entries(rules)) {
        expect(reason.length, id).toBeGreaterThan(40);
        // Wildcard findings are acknowledged for the exact wildcard only (the v2 `appliesTo`).
        if (id.includes('IAM5')) expect(id).toMatch(/IAM5\[Resource::[^\]]+\]$/);
      }
    }
  });
});
