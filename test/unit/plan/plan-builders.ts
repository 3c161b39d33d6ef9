/** Raw plan documents for tests: a minimal valid plan, changed per test with spread. */
export const ARN_PREFIX = 'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012';
export const LISTENER_ARN = `${ARN_PREFIX}:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2`;

export function targetGroupArn(name: string, id: string): string {
  return `${ARN_PREFIX}:targetgroup/${name}/${id}`;
}

export function rawPlan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'test-plan',
    router: { listenerArn: LISTENER_ARN },
    targets: {
      vm: { platform: 'ec2', targetGroupArn: targetGroupArn('web-vm', '1111111111111111') },
      ecs: {
        platform: 'ecs',
        targetGroupArn: targetGroupArn('web-ecs', '2222222222222222'),
        cluster: 'main',
        service: 'web',
      },
      eks: {
        platform: 'eks',
        targetGroupArn: targetGroupArn('web-eks', '3333333333333333'),
        cluster: 'main',
      },
    },
    from: 'vm',
    to: 'ecs',
    steps: [1, 5, 25, 50, 100],
    ...overrides,
  };
}
