// Test kit for the adapter tests: a virtual clock, SDK-shaped errors, and a small stateful ELBv2
// behind aws-sdk-client-mock (listeners, rules, target groups; stale reads and injected faults).
import {
  type Action,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  ListenerNotFoundException,
  ModifyListenerCommand,
  ModifyRuleCommand,
  RuleNotFoundException,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import type { Clock } from '#ports/clock';

export const REGION = 'ap-northeast-1';
export const ACCOUNT = '123456789012';
const ELB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;
export const LB_ARN = `${ELB}:loadbalancer/app/web/50dc6c495c0c9188`;
export const OTHER_LB_ARN = `${ELB}:loadbalancer/app/other/1111111111111111`;
export const LISTENER_ARN = `${ELB}:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2`;
export const RULE_ARN = `${ELB}:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`;
export const TG_VM = `${ELB}:targetgroup/crawler-vm/73e2d6bc24d8a067`;
export const TG_ECS = `${ELB}:targetgroup/crawler-ecs/0123456789abcdef`;
export const TG_EKS = `${ELB}:targetgroup/crawler-eks/fedcba9876543210`;
export const TARGET_NAMES = { [TG_VM]: 'vm', [TG_ECS]: 'ecs', [TG_EKS]: 'eks' };

export const testCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' };

/** A clock whose sleep advances time instantly and remembers every wait. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  #now: number;
  constructor(start = '2026-11-02T01:00:00.000Z') {
    this.#now = Date.parse(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.#now += ms;
  }
  get sleptMs(): number {
    return this.sleeps.reduce((sum, ms) => sum + ms, 0);
  }
}

/** An unmodelled AWS service error as the SDK builds it (`Throttling`, `AccessDenied`, …). */
export function awsError(
  name: string,
  opts: { status?: number; fault?: 'client' | 'server'; message?: string } = {},
) {
  return new ElasticLoadBalancingV2ServiceException({
    name,
    $fault: opts.fault ?? ((opts.status ?? 400) >= 500 ? 'server' : 'client'),
    $metadata: { httpStatusCode: opts.status ?? 400, attempts: 5 },
    message: opts.message ?? `${name} (test)`,
  });
}

export const throttling = () => awsError('Throttling', { message: 'Rate exceeded' });
export const accessDenied = () =>
  awsError('AccessDenied', {
    status: 403,
    message: 'User is not authorized to perform elasticloadbalancing:ModifyRule',
  });

export const forwardAction = (weights: [string, number][], stickiness = false): Action => ({
  Type: 'forward',
  ForwardConfig: {
    TargetGroups: weights.map(([arn, weight]) => ({ TargetGroupArn: arn, Weight: weight })),
    TargetGroupStickinessConfig: stickiness ? { Enabled: true, DurationSeconds: 300 } : { Enabled: false },
  },
});

type Api = 'DescribeListeners' | 'DescribeRules' | 'ModifyListener' | 'ModifyRule' | 'DescribeTargetGroups';

/**
 * A stateful ELBv2 answering the five calls the router makes. `staleReads` makes the next N
 * describes after each write return the previous actions (ALB rule updates are not immediate).
 */
export class FakeElbv2 {
  readonly client = new ElasticLoadBalancingV2Client({ region: REGION, credentials: testCredentials });
  readonly mock = mockClient(this.client);
  readonly listeners = new Map<string, Action[]>();
  readonly rules = new Map<string, Action[]>();
  readonly targetGroups = new Map<string, { loadBalancerArns: string[] }>();
  staleReads = 0;
  readonly #faults: { api: Api; error: () => Error; count: number }[] = [];
  #stale: { arn: string; actions: Action[]; reads: number } | undefined;

  constructor() {
    this.mock.on(DescribeListenersCommand).callsFake((input) => {
      this.#fault('DescribeListeners');
      const arn = input.ListenerArns?.[0] ?? '';
      const actions = this.#read(arn, this.listeners);
      if (!actions)
        throw new ListenerNotFoundException({ $metadata: {}, message: 'One or more listeners not found' });
      return { Listeners: [{ ListenerArn: arn, DefaultActions: actions }] };
    });
    this.mock.on(DescribeRulesCommand).callsFake((input) => {
      this.#fault('DescribeRules');
      const arn = input.RuleArns?.[0] ?? '';
      const actions = this.#read(arn, this.rules);
      if (!actions)
        throw new RuleNotFoundException({ $metadata: {}, message: 'One or more rules not found' });
      return { Rules: [{ RuleArn: arn, Actions: actions, Priority: '10', IsDefault: false }] };
    });
    this.mock.on(ModifyListenerCommand).callsFake((input) => {
      this.#fault('ModifyListener');
      this.#write(input.ListenerArn ?? '', input.DefaultActions ?? [], this.listeners, () => {
        throw new ListenerNotFoundException({ $metadata: {}, message: 'One or more listeners not found' });
      });
      return {};
    });
    this.mock.on(ModifyRuleCommand).callsFake((input) => {
      this.#fault('ModifyRule');
      this.#write(input.RuleArn ?? '', input.Actions ?? [], this.rules, () => {
        throw new RuleNotFoundException({ $metadata: {}, message: 'One or more rules not found' });
      });
      return {};
    });
    this.mock.on(DescribeTargetGroupsCommand).callsFake((input) => {
      this.#fault('DescribeTargetGroups');
      const arns: string[] = input.TargetGroupArns ?? [];
      for (const arn of arns) {
        if (!this.targetGroups.has(arn)) {
          throw new TargetGroupNotFoundException({
            $metadata: {},
            message: 'One or more target groups not found',
          });
        }
      }
      return {
        TargetGroups: arns.map((arn) => ({
          TargetGroupArn: arn,
          LoadBalancerArns: this.targetGroups.get(arn)?.loadBalancerArns ?? [],
        })),
      };
    });
  }

  /** The next `count` calls of `api` fail with `error()`. */
  failNext(api: Api, error: () => Error, count = 1): void {
    this.#faults.push({ api, error, count });
  }

  #fault(api: Api): void {
    const fault = this.#faults.find((candidate) => candidate.api === api && candidate.count > 0);
    if (!fault) return;
    fault.count -= 1;
    throw fault.error();
  }

  #read(arn: string, table: Map<string, Action[]>): Action[] | undefined {
    if (this.#stale && this.#stale.arn === arn && this.#stale.reads > 0) {
      this.#stale.reads -= 1;
      return structuredClone(this.#stale.actions);
    }
    const actions = table.get(arn);
    return actions ? structuredClone(actions) : undefined;
  }

  #write(arn: string, actions: Action[], table: Map<string, Action[]>, notFound: () => never): void {
    const previous = table.get(arn);
    if (!previous) notFound();
    for (const action of actions) {
      for (const tuple of action.ForwardConfig?.TargetGroups ?? []) {
        if (tuple.TargetGroupArn && !this.targetGroups.has(tuple.TargetGroupArn)) {
          throw new TargetGroupNotFoundException({
            $metadata: {},
            message: 'One or more target groups not found',
          });
        }
      }
    }
    if (this.staleReads > 0)
      this.#stale = { arn, actions: structuredClone(previous), reads: this.staleReads };
    table.set(arn, structuredClone(actions));
  }
}
