import type {
  Action,
  CreateRuleInput,
  DeleteRuleInput,
  DescribeListenersInput,
  DescribeLoadBalancersInput,
  DescribeRulesInput,
  DescribeTargetGroupsInput,
  DescribeTargetHealthInput,
  ForwardActionConfig,
  Listener,
  LoadBalancer,
  ModifyListenerInput,
  ModifyRuleInput,
  Rule,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { awsError, notSimulated } from './aws-error.ts';
import type { TargetGroupHealth } from './target-health.ts';

/** ALB limits the sandbox enforces like AWS does. */
const MAX_WEIGHT = 999;
const MAX_GROUPS_PER_FORWARD = 5;
const MAX_STICKINESS_SECONDS = 7 * 24 * 3600;

export interface SimulatedTargetGroup {
  readonly arn: string;
  readonly name: string;
  readonly targetType: 'instance' | 'ip';
  readonly port: number;
  /** Load balancers the group is attached to (ALB allows one). */
  loadBalancerArns: string[];
  readonly health: TargetGroupHealth;
}

export interface RouterWrite {
  /** Epoch ms. */
  readonly at: number;
  readonly routerArn: string;
  /** `ModifyListener`, `ModifyRule`, or `drift` for a scenario's hand edit. */
  readonly by: string;
  /** Raw ALB weight per target group of the forward action after the write. */
  readonly albWeights: Readonly<Record<string, number>>;
}

/**
 * Listeners, rules and target groups of one simulated ALB. Actions are stored as AWS returns them
 * (a single-group forward also names its group in `TargetGroupArn`, stickiness is always present),
 * so a snapshot written back reads back byte-identical. Every change to a router's forward weights
 * is kept with its time: the traffic model splits requests by them.
 */
export class ElbSimulation {
  readonly loadBalancerArn: string;
  readonly listeners = new Map<string, Listener>();
  readonly rules = new Map<string, Rule & { ListenerArn: string }>();
  readonly targetGroups = new Map<string, SimulatedTargetGroup>();
  readonly writes: RouterWrite[] = [];
  /** Rules created and deleted during the run (the test route), with their times. */
  readonly ruleChanges: {
    readonly at: number;
    readonly ruleArn: string;
    readonly change: 'created' | 'deleted';
  }[] = [];
  readonly #now: () => number;
  #ruleCounter = 0;

  constructor(opts: { readonly loadBalancerArn: string; readonly now: () => number }) {
    this.loadBalancerArn = opts.loadBalancerArn;
    this.#now = opts.now;
  }

  addListener(arn: string, defaultActions: readonly Action[], port = 443): void {
    this.listeners.set(arn, {
      ListenerArn: arn,
      LoadBalancerArn: this.loadBalancerArn,
      Port: port,
      Protocol: port === 443 ? 'HTTPS' : 'HTTP',
      DefaultActions: this.#normalize(defaultActions),
    });
    this.#syncAttachments(false);
    this.#record(arn, 'initial');
  }

  addRule(arn: string, listenerArn: string, priority: string, actions: readonly Action[]): void {
    this.rules.set(arn, {
      RuleArn: arn,
      ListenerArn: listenerArn,
      Priority: priority,
      Conditions: [{ Field: 'path-pattern', Values: ['/*'], PathPatternConfig: { Values: ['/*'] } }],
      Actions: this.#normalize(actions),
      IsDefault: false,
    });
    this.#syncAttachments(false);
    this.#record(arn, 'initial');
  }

  addTargetGroup(group: SimulatedTargetGroup): void {
    this.targetGroups.set(group.arn, group);
  }

  /** The actions of a listener (default actions) or rule. */
  actionsOf(routerArn: string): Action[] {
    const actions = this.listeners.get(routerArn)?.DefaultActions ?? this.rules.get(routerArn)?.Actions;
    if (actions === undefined) throw new Error(`sandbox: no listener or rule ${routerArn}`);
    return structuredClone(actions);
  }

  /** Raw ALB weight per target group of the router's forward action (empty when it does not forward). */
  albWeightsOf(routerArn: string): Record<string, number> {
    return albWeightsOfActions(this.actionsOf(routerArn));
  }

  /** The router's forward weights at a past instant (ALB weights by target group). */
  albWeightsAt(routerArn: string, at: number): Readonly<Record<string, number>> {
    let found: RouterWrite | undefined;
    for (const write of this.writes) {
      if (write.routerArn !== routerArn) continue;
      if (write.at > at) break;
      found = write;
    }
    return found?.albWeights ?? {};
  }

  /** Someone edits the weights by hand (console, IaC): new ALB weights, everything else kept. */
  driftWeights(routerArn: string, albWeights: Readonly<Record<string, number>>): void {
    const actions = this.actionsOf(routerArn);
    const forward = actions.find((action) => action.Type === 'forward');
    if (forward === undefined) throw new Error(`sandbox: ${routerArn} has no forward action to drift`);
    forward.TargetGroupArn = undefined;
    forward.ForwardConfig = {
      ...forward.ForwardConfig,
      TargetGroups: Object.entries(albWeights).map(([arn, weight]) => ({
        TargetGroupArn: arn,
        Weight: weight,
      })),
    };
    this.#store(routerArn, this.#normalize(actions), 'drift');
  }

  describeListeners(input: DescribeListenersInput): { Listeners: Listener[] } {
    if (input.ListenerArns === undefined || input.ListenerArns.length === 0) {
      if (input.LoadBalancerArn === this.loadBalancerArn) {
        return { Listeners: [...this.listeners.values()].map((listener) => structuredClone(listener)) };
      }
      throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found');
    }
    return {
      Listeners: input.ListenerArns.map((arn) => {
        const listener = this.listeners.get(arn);
        if (listener === undefined)
          throw awsError('ListenerNotFoundException', 'One or more listeners not found');
        return structuredClone(listener);
      }),
    };
  }

  describeRules(input: DescribeRulesInput): { Rules: Rule[] } {
    if (input.RuleArns !== undefined && input.RuleArns.length > 0) {
      return {
        Rules: input.RuleArns.map((arn) => {
          const rule = this.rules.get(arn);
          if (rule === undefined) throw awsError('RuleNotFoundException', 'One or more rules not found');
          return publicRule(rule);
        }),
      };
    }
    if (input.ListenerArn !== undefined) {
      const listener = this.listeners.get(input.ListenerArn);
      if (listener === undefined)
        throw awsError('ListenerNotFoundException', 'One or more listeners not found');
      const rules = [...this.rules.values()]
        .filter((rule) => rule.ListenerArn === input.ListenerArn)
        .map(publicRule);
      const defaultRule: Rule = {
        RuleArn: `${input.ListenerArn.replace(':listener/', ':listener-rule/')}/default`,
        Priority: 'default',
        Conditions: [],
        Actions: structuredClone(listener.DefaultActions),
        IsDefault: true,
      };
      return { Rules: [...rules, defaultRule] };
    }
    throw awsError('ValidationError', 'A listener ARN or a set of rule ARNs must be specified');
  }

  modifyListener(input: ModifyListenerInput): { Listeners: Listener[] } {
    const arn = input.ListenerArn ?? '';
    const listener = this.listeners.get(arn);
    if (listener === undefined)
      throw awsError('ListenerNotFoundException', 'One or more listeners not found');
    const unsupported = Object.keys(input).filter(
      (key) =>
        !['ListenerArn', 'DefaultActions'].includes(key) &&
        input[key as keyof ModifyListenerInput] !== undefined,
    );
    if (unsupported.length > 0)
      throw notSimulated(`ModifyListener ${unsupported.join(', ')}`, 'only DefaultActions');
    if (input.DefaultActions !== undefined) {
      this.#store(arn, this.#validated(input.DefaultActions), 'ModifyListener');
    }
    return { Listeners: [structuredClone(this.listeners.get(arn) as Listener)] };
  }

  /**
   * A new listener rule, checked as ELBv2 checks it: the listener exists, the priority is an integer
   * 1–50000 and free on that listener, at least one condition, and a valid forward action.
   * Rules made this way are not routers (their writes are not in the traffic history).
   */
  createRule(input: CreateRuleInput): { Rules: Rule[] } {
    const listenerArn = input.ListenerArn ?? '';
    if (!this.listeners.has(listenerArn))
      throw awsError('ListenerNotFoundException', 'One or more listeners not found');
    const priority = input.Priority ?? 0;
    if (!Number.isInteger(priority) || priority < 1 || priority > 50_000)
      throw awsError('ValidationError', `Priority must be between 1 and 50000; got ${priority}`);
    const taken = [...this.rules.values()].some(
      (rule) => rule.ListenerArn === listenerArn && rule.Priority === String(priority),
    );
    if (taken) throw awsError('PriorityInUseException', 'The specified priority is in use.');
    if ((input.Conditions ?? []).length === 0)
      throw awsError('ValidationError', 'A rule must have at least one condition');
    const actions = this.#validated(input.Actions ?? []);
    this.#ruleCounter += 1;
    const arn = `${listenerArn.replace(':listener/', ':listener-rule/')}/${this.#ruleCounter.toString(16).padStart(16, '0')}`;
    this.rules.set(arn, {
      RuleArn: arn,
      ListenerArn: listenerArn,
      Priority: String(priority),
      Conditions: structuredClone(input.Conditions ?? []),
      Actions: actions,
      IsDefault: false,
    });
    this.#syncAttachments(true);
    this.ruleChanges.push({ at: this.#now(), ruleArn: arn, change: 'created' });
    return { Rules: [publicRule(this.rules.get(arn) as Rule & { ListenerArn: string })] };
  }

  deleteRule(input: DeleteRuleInput): Record<string, never> {
    const arn = input.RuleArn ?? '';
    if (!this.rules.has(arn)) throw awsError('RuleNotFoundException', 'One or more rules not found');
    this.rules.delete(arn);
    this.#syncAttachments(false);
    this.ruleChanges.push({ at: this.#now(), ruleArn: arn, change: 'deleted' });
    return {};
  }

  describeLoadBalancers(input: DescribeLoadBalancersInput): { LoadBalancers: LoadBalancer[] } {
    const arns = input.LoadBalancerArns ?? [this.loadBalancerArn];
    if (arns.some((arn) => arn !== this.loadBalancerArn))
      throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found');
    const [, name = 'web', id = '0'] =
      /loadbalancer\/app\/([^/]+)\/([^/]+)$/.exec(this.loadBalancerArn) ?? [];
    return {
      LoadBalancers: [
        {
          LoadBalancerArn: this.loadBalancerArn,
          LoadBalancerName: name,
          DNSName: this.dnsName,
          Scheme: 'internet-facing',
          Type: 'application',
          State: { Code: 'active' },
          CanonicalHostedZoneId: `Z${id.slice(0, 12).toUpperCase()}`,
        },
      ],
    };
  }

  /** The load balancer's DNS name (an `.invalid` host: nothing outside the sandbox resolves it). */
  get dnsName(): string {
    const [, name = 'web', id = '0'] =
      /loadbalancer\/app\/([^/]+)\/([^/]+)$/.exec(this.loadBalancerArn) ?? [];
    return `${name}-${id.slice(0, 10)}.elb.sandbox.invalid`;
  }

  modifyRule(input: ModifyRuleInput): { Rules: Rule[] } {
    const arn = input.RuleArn ?? '';
    const rule = this.rules.get(arn);
    if (rule === undefined) throw awsError('RuleNotFoundException', 'One or more rules not found');
    if (input.Conditions !== undefined) rule.Conditions = structuredClone(input.Conditions);
    if (input.Actions !== undefined) this.#store(arn, this.#validated(input.Actions), 'ModifyRule');
    return { Rules: [publicRule(this.rules.get(arn) as Rule & { ListenerArn: string })] };
  }

  describeTargetGroups(input: DescribeTargetGroupsInput): { TargetGroups: TargetGroup[] } {
    const arns = input.TargetGroupArns ?? [];
    if (arns.length === 0 && input.Names === undefined) {
      return { TargetGroups: [...this.targetGroups.values()].map((group) => this.#publicGroup(group)) };
    }
    const wanted = [
      ...arns.map((arn) => this.targetGroups.get(arn)),
      ...(input.Names ?? []).map((name) =>
        [...this.targetGroups.values()].find((group) => group.name === name),
      ),
    ];
    if (wanted.some((group) => group === undefined)) {
      throw awsError('TargetGroupNotFoundException', 'One or more target groups not found');
    }
    return { TargetGroups: (wanted as SimulatedTargetGroup[]).map((group) => this.#publicGroup(group)) };
  }

  describeTargetHealth(input: DescribeTargetHealthInput): {
    TargetHealthDescriptions: TargetHealthDescription[];
  } {
    const group = this.targetGroups.get(input.TargetGroupArn ?? '');
    if (group === undefined)
      throw awsError('TargetGroupNotFoundException', 'One or more target groups not found');
    const now = this.#now();
    const inUse = group.loadBalancerArns.length > 0;
    const wanted = input.Targets?.map((target) => target.Id);
    const descriptions = group.health
      .registeredAt(now)
      .filter((target) => wanted === undefined || wanted.includes(target.id))
      .map((target): TargetHealthDescription => {
        const state = group.health.stateAt(target, now);
        return {
          Target: { Id: target.id, Port: target.port },
          HealthCheckPort: String(target.port),
          TargetHealth: !inUse
            ? {
                State: 'unused',
                Reason: 'Target.NotInUse',
                Description: 'Target group is not configured to receive traffic from the load balancer',
              }
            : state === 'healthy'
              ? { State: 'healthy' }
              : state === 'initial'
                ? {
                    State: 'initial',
                    Reason: 'Elb.RegistrationInProgress',
                    Description: 'Target registration is in progress',
                  }
                : {
                    State: 'unhealthy',
                    Reason: 'Target.ResponseCodeMismatch',
                    Description: 'Health checks failed with these codes: [502]',
                  },
        };
      });
    return { TargetHealthDescriptions: descriptions };
  }

  #publicGroup(group: SimulatedTargetGroup): TargetGroup {
    const { intervalSeconds, healthyThreshold, unhealthyThreshold } = group.health.settings;
    return {
      TargetGroupArn: group.arn,
      TargetGroupName: group.name,
      Protocol: 'HTTP',
      Port: group.port,
      VpcId: 'vpc-0sandbox',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: intervalSeconds,
      HealthCheckTimeoutSeconds: Math.min(5, intervalSeconds - 1),
      HealthyThresholdCount: healthyThreshold,
      UnhealthyThresholdCount: unhealthyThreshold,
      HealthCheckPath: '/health',
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: [...group.loadBalancerArns],
      TargetType: group.targetType,
      ProtocolVersion: 'HTTP1',
      IpAddressType: 'ipv4',
    };
  }

  #store(routerArn: string, actions: Action[], by: string): void {
    const listener = this.listeners.get(routerArn);
    if (listener !== undefined) listener.DefaultActions = actions;
    const rule = this.rules.get(routerArn);
    if (rule !== undefined) rule.Actions = actions;
    this.#syncAttachments(true);
    this.#record(routerArn, by);
  }

  /**
   * A target group is attached to the load balancer while some listener or rule forwards to it;
   * one that nothing forwards to is detached and its targets read `unused` (Target.NotInUse), as in
   * ELBv2. A group a write attaches is health-checked from then on: its targets start `initial`
   * (`checksStartNow`; the world's initial routers describe groups already in service).
   */
  #syncAttachments(checksStartNow: boolean): void {
    const forwarded = new Set<string>();
    for (const listener of this.listeners.values())
      for (const arn of Object.keys(albWeightsOfActions(listener.DefaultActions ?? []))) forwarded.add(arn);
    for (const rule of this.rules.values())
      for (const arn of Object.keys(albWeightsOfActions(rule.Actions ?? []))) forwarded.add(arn);
    for (const group of this.targetGroups.values()) {
      const attached = group.loadBalancerArns.includes(this.loadBalancerArn);
      if (forwarded.has(group.arn) && !attached) {
        group.loadBalancerArns.push(this.loadBalancerArn);
        if (checksStartNow) group.health.restartChecks(this.#now());
      } else if (!forwarded.has(group.arn) && attached) {
        group.loadBalancerArns.splice(group.loadBalancerArns.indexOf(this.loadBalancerArn), 1);
      }
    }
  }

  #record(routerArn: string, by: string): void {
    this.writes.push({ at: this.#now(), routerArn, by, albWeights: this.albWeightsOf(routerArn) });
  }

  /** Checks a write the way ELBv2 does (weights, group count, existence, one load balancer per group). */
  #validated(actions: readonly Action[]): Action[] {
    const forwards = actions.filter((action) => action.Type === 'forward');
    if (forwards.length > 1) throw awsError('ValidationError', 'You cannot specify multiple forward actions');
    for (const forward of forwards) {
      const tuples = forward.ForwardConfig?.TargetGroups;
      if (tuples !== undefined) {
        if (tuples.length === 0 || tuples.length > MAX_GROUPS_PER_FORWARD) {
          throw awsError(
            'TooManyTargetGroupsException',
            `A forward action can have between 1 and ${MAX_GROUPS_PER_FORWARD} target groups; got ${tuples.length}`,
          );
        }
        const seen = new Set<string>();
        for (const tuple of tuples) {
          const arn = tuple.TargetGroupArn ?? '';
          if (seen.has(arn))
            throw awsError('ValidationError', `Target group '${arn}' is specified more than once`);
          seen.add(arn);
          const weight = tuple.Weight ?? 1;
          if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT) {
            throw awsError(
              'ValidationError',
              `Target group weight must be between 0 and ${MAX_WEIGHT}; got ${weight}`,
            );
          }
        }
        if (
          forward.TargetGroupArn !== undefined &&
          (tuples.length !== 1 || tuples[0]?.TargetGroupArn !== forward.TargetGroupArn)
        ) {
          throw awsError(
            'ValidationError',
            'You cannot specify a target group ARN and a forward config with different target groups',
          );
        }
      } else if (forward.TargetGroupArn === undefined) {
        throw awsError(
          'ValidationError',
          'A forward action must specify a target group ARN or a forward config',
        );
      }
      const sticky = forward.ForwardConfig?.TargetGroupStickinessConfig;
      if (sticky?.Enabled) {
        const duration = sticky.DurationSeconds ?? 0;
        if (!Number.isInteger(duration) || duration < 1 || duration > MAX_STICKINESS_SECONDS) {
          throw awsError(
            'ValidationError',
            `Stickiness duration must be between 1 and ${MAX_STICKINESS_SECONDS} seconds`,
          );
        }
      }
      for (const arn of Object.keys(albWeightsOfActions([forward]))) {
        const group = this.targetGroups.get(arn);
        if (group === undefined)
          throw awsError('TargetGroupNotFoundException', `Target group '${arn}' not found`);
        const others = group.loadBalancerArns.filter((lb) => lb !== this.loadBalancerArn);
        if (others.length > 0) {
          throw awsError(
            'TargetGroupAssociationLimitException',
            `The following target groups cannot be associated with more than one load balancer: ${arn}`,
          );
        }
      }
    }
    return this.#normalize(actions);
  }

  /** Actions as ELBv2 stores and returns them. */
  #normalize(actions: readonly Action[]): Action[] {
    return actions.map((original) => {
      const action = structuredClone(original);
      if (action.Type !== 'forward') return action;
      const tuples = action.ForwardConfig?.TargetGroups ?? [
        { TargetGroupArn: action.TargetGroupArn, Weight: 1 },
      ];
      const forwardConfig: ForwardActionConfig = {
        TargetGroups: tuples.map((tuple) => ({
          TargetGroupArn: tuple.TargetGroupArn,
          Weight: tuple.Weight ?? 1,
        })),
        TargetGroupStickinessConfig: action.ForwardConfig?.TargetGroupStickinessConfig?.Enabled
          ? {
              Enabled: true,
              DurationSeconds: action.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds,
            }
          : { Enabled: false },
      };
      const single = tuples.length === 1 ? tuples[0]?.TargetGroupArn : undefined;
      const normalized: Action = { Type: 'forward' };
      if (single !== undefined) normalized.TargetGroupArn = single;
      normalized.ForwardConfig = forwardConfig;
      if (action.Order !== undefined) normalized.Order = action.Order;
      return normalized;
    });
  }
}

function publicRule(rule: Rule & { ListenerArn: string }): Rule {
  const { ListenerArn: _listener, ...visible } = structuredClone(rule);
  return visible;
}

/** Raw ALB weight per target group of the (first) forward action. */
export function albWeightsOfActions(actions: readonly Action[]): Record<string, number> {
  const forward = actions.find((action) => action.Type === 'forward');
  const weights: Record<string, number> = {};
  if (forward === undefined) return weights;
  const tuples = forward.ForwardConfig?.TargetGroups;
  if (tuples !== undefined && tuples.length > 0) {
    for (const tuple of tuples) if (tuple.TargetGroupArn) weights[tuple.TargetGroupArn] = tuple.Weight ?? 1;
  } else if (forward.TargetGroupArn) {
    weights[forward.TargetGroupArn] = 1;
  }
  return weights;
}
