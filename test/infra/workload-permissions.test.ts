import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createCutoverApp } from '#infra/app';

// Capacity follows the weight and Kubernetes readiness: what the functions may read, and the one
// opt-in write (scale ahead) scoped to the named workloads.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const PREFIX = 'arn:aws:ecs:ap-northeast-1:123456789012';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };

async function statementsOf(overrides: Record<string, unknown> = {}) {
  const { app, stack } = await createCutoverApp({ context: NO_BUNDLING, overrides });
  app.synth(); // cdk-nag runs as a validation plugin: an unacknowledged finding throws here
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const byRole = new Map<string, Statement[]>();
  for (const policy of Object.values(policies) as {
    Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } };
  }[]) {
    for (const role of policy.Properties.Roles) {
      byRole.set(role.Ref, [...(byRole.get(role.Ref) ?? []), ...policy.Properties.PolicyDocument.Statement]);
    }
  }
  const of = (fn: string) =>
    [...byRole.entries()].filter(([ref]) => ref.toLowerCase().includes(fn)).flatMap(([, s]) => s);
  return { of, all: [...byRole.values()].flat() };
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());

// Synthesis with cdk-nag takes a while on a busy machine (the first one also loads aws-cdk-lib).
describe('workload permissions', { timeout: 180_000 }, () => {
  it('lets shift read capacity (metrics, ECS, EKS, Auto Scaling) and write no platform by default', async () => {
    const { of, all } = await statementsOf();
    const shift = actionsOf(of('shift'));
    expect(shift).toEqual(
      expect.arrayContaining([
        'cloudwatch:GetMetricData',
        'ecs:DescribeServices',
        'eks:DescribeCluster',
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeInstanceRefreshes',
      ]),
    );
    const writes = ['ecs:UpdateService', 'autoscaling:SetDesiredCapacity'];
    expect(actionsOf(all).filter((action) => writes.includes(action))).toEqual([]);
  });

  it('grants scale ahead to shift alone, on exactly the named service and group', async () => {
    const { of, all } = await statementsOf({
      scaleAhead: { ecsServices: ['main/crawler'], autoScalingGroups: ['crawler'] },
    });
    const update = of('shift').find((s) => s.Sid === 'ScaleAheadEcsServices');
    expect(update).toMatchObject({ Action: 'ecs:UpdateService', Resource: `${PREFIX}:service/main/crawler` });
    const desired = of('shift').find((s) => s.Sid === 'ScaleAheadAutoScalingGroups');
    expect(desired?.Resource).toBe(
      'arn:aws:autoscaling:ap-northeast-1:123456789012:autoScalingGroup:*:autoScalingGroupName/crawler',
    );
    const holders = all.filter((s) => actionsOf([s]).includes('ecs:UpdateService'));
    expect(holders).toHaveLength(1);
  });

  it('scopes EKS reads to the configured clusters', async () => {
    const { of } = await statementsOf({ eksClusters: ['main'] });
    const eks = of('preflight').find((s) => s.Sid === 'DescribeEksClusters');
    expect(eks?.Resource).toEqual([
      'arn:aws:eks:ap-northeast-1:123456789012:cluster/main',
      'arn:aws:eks:ap-northeast-1:123456789012:nodegroup/main/*',
    ]);
  });
});
