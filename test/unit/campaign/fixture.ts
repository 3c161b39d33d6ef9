/** A small valid campaign document over the example template shape, for tests to edit. */
export function campaignDocument(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const hex = (n: number, salt: string) => `${salt}${n.toString(16).padStart(15, '0')}`;
  return {
    campaign: 'test-fleet',
    maxConcurrent: 2,
    failurePolicy: { haltAfter: 1 },
    template: {
      name: `\${name}-vm-to-ecs`,
      router: {
        ruleArn: `arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/\${rule}`,
      },
      targets: {
        vm: {
          platform: 'ec2',
          targetGroupArn: `arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/\${name}-vm/\${vm}`,
        },
        ecs: {
          platform: 'ecs',
          targetGroupArn: `arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/\${name}-ecs/\${ecs}`,
          cluster: 'main',
          service: `\${name}`,
        },
      },
      from: 'vm',
      to: 'ecs',
      steps: [10, 100],
      bake: '2m',
      interval: '30s',
      gates: { minHealthyTargets: 1 },
    },
    services: ['alpha', 'beta', 'gamma'].map((name, index) => ({
      name,
      wave: index === 2 ? 2 : 1,
      values: { rule: hex(index, 'a'), vm: hex(index, 'b'), ecs: hex(index, 'c') },
    })),
    ...overrides,
  };
}
