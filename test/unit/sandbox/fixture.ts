// A small simulated account for the sandbox tests: one ALB listener forwarding 100/0 to vm/ecs.
import { Sandbox, type SandboxWorld } from '#local/sandbox/index';
import { VirtualClock } from '#local/virtual-clock';

export const REGION = 'ap-northeast-1';
const PREFIX = `arn:aws:elasticloadbalancing:${REGION}:123456789012`;
export const LISTENER = `${PREFIX}:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2`;
export const RULE = `${PREFIX}:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`;
export const LOAD_BALANCER = `${PREFIX}:loadbalancer/app/web/50dc6c495c0c9188`;
export const VM = `${PREFIX}:targetgroup/crawler-vm/73e2d6bc24d8a067`;
export const ECS = `${PREFIX}:targetgroup/crawler-ecs/0123456789abcdef`;
export const SPARE = `${PREFIX}:targetgroup/crawler-spare/1111111111111111`;
export const LB_DIMENSION = 'app/web/50dc6c495c0c9188';
export const VM_DIMENSION = 'targetgroup/crawler-vm/73e2d6bc24d8a067';
export const ECS_DIMENSION = 'targetgroup/crawler-ecs/0123456789abcdef';
export const START = new Date('2026-03-02T01:00:00Z');
export const TABLE = 'cutover-test';

export function testWorld(overrides: Partial<SandboxWorld> = {}): SandboxWorld {
  return {
    seed: 7,
    region: REGION,
    accountId: '123456789012',
    loadBalancer: { arn: LOAD_BALANCER, dimension: LB_DIMENSION },
    listeners: [
      {
        arn: LISTENER,
        defaultActions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: VM, Weight: 100 },
                { TargetGroupArn: ECS, Weight: 0 },
              ],
            },
          },
        ],
      },
    ],
    rules: [
      {
        arn: RULE,
        listenerArn: LISTENER,
        priority: '10',
        actions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: VM, Weight: 90 },
                { TargetGroupArn: ECS, Weight: 10 },
              ],
              TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 300 },
            },
          },
        ],
      },
    ],
    targetGroups: [
      {
        arn: VM,
        dimension: VM_DIMENSION,
        targetType: 'instance',
        healthyTargets: 4,
        errorPercent: 0.1,
        p99Ms: 120,
      },
      {
        arn: ECS,
        dimension: ECS_DIMENSION,
        targetType: 'ip',
        healthyTargets: 3,
        errorPercent: 0.1,
        p99Ms: 100,
      },
      {
        arn: SPARE,
        dimension: 'targetgroup/crawler-spare/1111111111111111',
        targetType: 'ip',
        healthyTargets: 2,
        errorPercent: 0,
        p99Ms: 100,
        otherLoadBalancerArn: `${PREFIX}:loadbalancer/app/other/2222222222222222`,
      },
    ],
    healthCheck: { intervalSeconds: 10, unhealthyThreshold: 2, healthyThreshold: 3 },
    traffic: { routerArn: LISTENER, requestsPerSecond: 100 },
    metricsDelay: { minSeconds: 60, maxSeconds: 90 },
    ecsServices: [{ cluster: 'main', service: 'crawler', desiredCount: 3, ready: true }],
    eksClusters: [{ name: 'main', nodegroups: ['general'], ready: true }],
    autoScalingGroups: [{ name: 'crawler', desiredCapacity: 4, ready: true }],
    alarms: { 'crawler-ecs-cpu-high': 'OK' },
    tables: [TABLE],
    eventBuses: ['default'],
    ...overrides,
  };
}

export function testSandbox(overrides: Partial<SandboxWorld> = {}) {
  const clock = new VirtualClock(START);
  const sandbox = new Sandbox(testWorld(overrides), clock);
  return { clock, sandbox, clients: sandbox.clientsFor(REGION) };
}
