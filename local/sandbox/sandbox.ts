import type { PutEventsRequest, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { DescribeExecutionInput } from '@aws-sdk/client-sfn';
import { type AwsClients, type ClientPlugin, createAwsClients } from '#aws/clients';
import type { HttpTransport } from '#aws/http-probe';
import { SeededRandom } from '../prng.ts';
import type { VirtualClock } from '../virtual-clock.ts';
import { awsError, notSimulated } from './aws-error.ts';
import { type AlarmStateValue, CloudWatchSimulation } from './cloudwatch.ts';
import { type Item, toDocumentOutput } from './dynamodb/attribute-value.ts';
import { DynamoDbSimulation } from './dynamodb/table.ts';
import { ElbApiLimits } from './elb-api-limits.ts';
import { ElbSimulation } from './elbv2.ts';
import { SandboxHooks } from './hooks.ts';
import { KubernetesSimulation } from './kubernetes.ts';
import { PlatformSimulation } from './platforms.ts';
import { type ProbeHit, sandboxProbeTransport } from './probe-transport.ts';
import { SandboxScaling } from './scaling.ts';
import { TargetGroupHealth } from './target-health.ts';
import { type TargetBehaviour, TrafficModel } from './traffic.ts';
import { VirtualRetryStrategy } from './virtual-retry.ts';
import type { SandboxWorld } from './world.ts';

/** The SDK commands the sandbox answers (names without the `Command` suffix). */
export const SIMULATED_COMMANDS: readonly string[] = [
  'DeleteItem',
  'DescribeAlarms',
  'DescribeAutoScalingGroups',
  'DescribeCluster',
  'DescribeExecution',
  'DescribeInstanceRefreshes',
  'CreateRule',
  'DeleteRule',
  'DescribeListeners',
  'DescribeLoadBalancers',
  'DescribeNodegroup',
  'DescribeRules',
  'DescribeServices',
  'DescribeTargetGroups',
  'DescribeTargetHealth',
  'GetCallerIdentity',
  'GetSecretValue',
  'GetItem',
  'GetMetricData',
  'Invoke',
  'ModifyListener',
  'ModifyRule',
  'PutEvents',
  'PutItem',
  'Query',
  'SetDesiredCapacity',
  'UpdateItem',
  'UpdateService',
];

/** Credentials and endpoint the sandbox clients are built with; nothing ever leaves the process. */
export const SANDBOX_CLIENT_OPTIONS = {
  credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  endpoint: 'http://sandbox.invalid',
} as const;

export interface RecordedEvent {
  /** Epoch ms. */
  readonly at: number;
  readonly eventBusName: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: unknown;
}

export interface ApiCall {
  readonly at: number;
  readonly command: string;
  /** The error the sandbox answered with, if any. */
  readonly error?: string;
}

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
  readonly startDate: Date;
  stopDate?: Date;
}

type Handler = (input: never, context: MiddlewareContext) => unknown;

interface MiddlewareContext {
  readonly commandName?: string;
  readonly __aws_sdk_context?: { readonly features?: Readonly<Record<string, unknown>> };
}

/** What a sandbox may share with others on the same clock (a campaign rehearses many). */
export interface SandboxOptions {
  /** The account's ELB API rate limits; shared when several sandboxes stand for one account. Default: the documented limits. */
  readonly elbLimits?: ElbApiLimits;
  /** More SDK client plugins, e.g. the shared ELB API budget that paces Cutover's own calls. */
  readonly clientPlugins?: readonly ClientPlugin[];
}

interface InjectedErrors {
  readonly code: string;
  remaining: number;
}

/**
 * A stateful simulated AWS account that answers the SDK commands Cutover's adapters send. It plugs
 * into each SDK client's middleware stack just below the SDK's retry middleware, so rehearsals run the
 * real adapters and the real SDK retry loop (with virtual, seeded backoff: see virtual-retry.ts);
 * nothing goes to the network. Every request is counted per command; scenario faults change the
 * simulation at their virtual times.
 */
export class Sandbox {
  readonly world: SandboxWorld;
  readonly clock: VirtualClock;
  readonly elb: ElbSimulation;
  readonly traffic: TrafficModel;
  readonly cloudWatch: CloudWatchSimulation;
  readonly dynamoDb: DynamoDbSimulation;
  readonly platforms: PlatformSimulation;
  /** The EKS clusters' Kubernetes API; `kubernetes.connector` is what the adapters connect through. */
  readonly kubernetes: KubernetesSimulation;
  readonly scaling: SandboxScaling;
  /** The lifecycle hooks' far side: Lambda functions and HTTPS endpoints (scenario `hooks`). */
  readonly hooks: SandboxHooks;
  readonly events: RecordedEvent[] = [];
  readonly calls: ApiCall[] = [];
  readonly retries: { at: number; errorType: string; attempt: number; delayMs: number }[] = [];
  readonly executions = new Map<string, ExecutionRecord>();
  /** Synthetic probe requests, as the sandbox ALB routed them. */
  readonly probeHits: ProbeHit[] = [];
  /** The probe's HTTP, answered by this account's ALB (see probe-transport.ts). */
  readonly probeTransport: HttpTransport;
  readonly plugin: ClientPlugin;
  readonly elbLimits: ElbApiLimits;
  readonly #clientPlugins: readonly ClientPlugin[];
  readonly #handlers: Readonly<Record<string, Handler>>;
  readonly #injected = new Map<string, InjectedErrors[]>();
  readonly #clients = new Map<string, AwsClients>();
  readonly #retryRandom: SeededRandom;
  #eventCounter = 0;

  constructor(world: SandboxWorld, clock: VirtualClock, options: SandboxOptions = {}) {
    this.world = world;
    this.clock = clock;
    const now = () => clock.now().getTime();
    const start = now();
    this.elbLimits = options.elbLimits ?? new ElbApiLimits(start);
    this.#clientPlugins = options.clientPlugins ?? [];
    this.elb = new ElbSimulation({ loadBalancerArn: world.loadBalancer.arn, now });
    addTargetGroups(this.elb, world, start);
    this.#retryRandom = new SeededRandom(`${world.seed}:retry`);
    for (const listener of world.listeners) this.elb.addListener(listener.arn, listener.defaultActions);
    for (const rule of world.rules) this.elb.addRule(rule.arn, rule.listenerArn, rule.priority, rule.actions);
    this.traffic = new TrafficModel({
      seed: world.seed,
      routerArn: world.traffic.routerArn,
      requestsPerSecond: world.traffic.requestsPerSecond,
      elb: this.elb,
      now,
    });
    for (const group of world.targetGroups) {
      this.traffic.setBehaviour(group.arn, { errorPercent: group.errorPercent, p99Ms: group.p99Ms }, start);
    }
    for (const [arn, skew] of Object.entries(world.splitSkew ?? {})) this.traffic.setSplitSkew(arn, skew);
    this.hooks = new SandboxHooks(world.hooks ?? {}, clock);
    this.cloudWatch = new CloudWatchSimulation({
      seed: world.seed,
      traffic: this.traffic,
      loadBalancerDimension: world.loadBalancer.dimension,
      groupsByDimension: new Map(world.targetGroups.map((group) => [group.dimension, group.arn])),
      delay: world.metricsDelay,
      now,
      accountId: world.accountId,
      region: world.region,
    });
    for (const [name, state] of Object.entries(world.alarms))
      this.cloudWatch.setAlarm(name, state, 'sandbox: initial state');
    this.dynamoDb = new DynamoDbSimulation(world.tables);
    this.platforms = new PlatformSimulation({ region: world.region, accountId: world.accountId, now });
    this.kubernetes = new KubernetesSimulation(world.region);
    seedPlatforms(this.platforms, this.kubernetes, world);
    this.scaling = new SandboxScaling({
      capacity: world.capacity ?? [],
      clock,
      elb: this.elb,
      platforms: this.platforms,
      kubernetes: this.kubernetes,
      traffic: this.traffic,
    });
    this.probeTransport = sandboxProbeTransport({
      seed: world.seed,
      elb: this.elb,
      traffic: this.traffic,
      now,
      hits: this.probeHits,
    });
    this.#handlers = this.#buildHandlers();
    this.plugin = {
      applyToStack: (stack) => {
        (stack as MiddlewareStackLike).addRelativeTo(
          (_next, context) => async (args) => {
            const output = await this.answer(commandOf(context), args.input, context);
            return {
              output: {
                $metadata: { httpStatusCode: 200, requestId: `sandbox-${this.calls.length}` },
                ...(output as object),
              },
              response: { statusCode: 200, headers: {}, body: undefined },
            };
          },
          // Right inside the SDK's retry middleware: an error thrown here is classified and retried by
          // the SDK exactly like an AWS error. The request is serialized (input shapes are checked) but
          // not signed: SigV4 of a request nobody receives would only cost time.
          { relation: 'after', toMiddleware: 'retryMiddleware', name: 'cutoverSandbox', override: true },
        );
      },
    };
  }

  /**
   * SDK clients for a region, wired to this sandbox: static credentials, an endpoint that is never
   * contacted, and the virtual retry strategy in place of the SDK's wall-clock one.
   */
  clientsFor(region: string): AwsClients {
    const cached = this.#clients.get(region);
    if (cached !== undefined) return cached;
    const clients = createAwsClients({
      region,
      ...SANDBOX_CLIENT_OPTIONS,
      plugins: [this.plugin, ...this.#clientPlugins],
    });
    for (const client of Object.values(clients)) {
      const config = (client as { config?: { retryStrategy?: unknown; maxAttempts?: () => Promise<number> } })
        .config;
      if (config?.retryStrategy === undefined || config.maxAttempts === undefined) continue;
      const strategy = new VirtualRetryStrategy({
        maxAttempts: config.maxAttempts,
        clock: this.clock,
        random: this.#retryRandom,
        onRetry: (info) => this.retries.push({ at: this.clock.now().getTime(), ...info }),
      });
      config.retryStrategy = async () => strategy;
    }
    this.#clients.set(region, clients);
    return clients;
  }

  /** Requests per command (every attempt counts, as AWS counts them), sorted by command name. */
  apiCalls(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls) counts[call.command] = (counts[call.command] ?? 0) + 1;
    // Kubernetes API requests of EKS readiness and scale ahead, counted like the SDK calls.
    for (const call of this.kubernetes.requests) {
      const key = `Kubernetes${call.method === 'GET' ? 'Get' : 'Patch'}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Answers one request. Public so tests can drive the simulation without an SDK client. */
  async answer(command: string, input: unknown, context: MiddlewareContext = {}): Promise<unknown> {
    const at = this.clock.now().getTime();
    const injected = this.#injected.get(command)?.find((entry) => entry.remaining > 0);
    if (injected !== undefined) {
      injected.remaining -= 1;
      this.calls.push({ at, command, error: injected.code });
      throw awsError(injected.code, injectedMessage(injected.code, command));
    }
    if (!this.elbLimits.admit(command, at)) {
      this.calls.push({ at, command, error: 'ThrottlingException' });
      throw awsError('ThrottlingException', injectedMessage('ThrottlingException', command));
    }
    const handler = this.#handlers[command];
    if (handler === undefined) {
      this.calls.push({ at, command, error: 'NotSimulated' });
      throw notSimulated(`${command}`, `the sandbox answers ${SIMULATED_COMMANDS.join(', ')}`);
    }
    try {
      const output = await handler(structuredClone(input ?? {}) as never, context);
      this.calls.push({ at, command });
      return output;
    } catch (err) {
      this.calls.push({ at, command, error: (err as Error).name });
      throw err;
    }
  }

  // ------------------------------------------------------------ faults (called at their virtual times)

  /** The next `count` requests of `command` fail with `code`. */
  injectApiErrors(command: string, code: string, count: number): void {
    const list = this.#injected.get(command) ?? [];
    list.push({ code, remaining: count });
    this.#injected.set(command, list);
  }

  /** From now on, the group's targets and service behave like this. */
  setTargetGroup(arn: string, change: Partial<TargetBehaviour> & { readonly healthyTargets?: number }): void {
    const group = this.elb.targetGroups.get(arn);
    if (group === undefined) throw new Error(`sandbox: no target group ${arn}`);
    const now = this.clock.now().getTime();
    if (change.healthyTargets !== undefined) group.health.setPassing(change.healthyTargets, now);
    this.traffic.setBehaviour(arn, change, now);
  }

  setAlarm(name: string, state: AlarmStateValue): void {
    this.cloudWatch.setAlarm(name, state, `sandbox: scenario set ${state}`);
  }

  /**
   * The target group is deleted: ELBv2 answers TargetGroupNotFound for it from now on, and requests
   * still forwarded to it fail. AWS refuses to delete a group a router forwards to; the sandbox
   * does not, so a rehearsal can show a snapshot that can no longer be written back.
   */
  deleteTargetGroup(arn: string): void {
    const group = this.elb.targetGroups.get(arn);
    if (group === undefined) throw new Error(`sandbox: no target group ${arn}`);
    this.elb.targetGroups.delete(arn);
    this.traffic.targetGroupDeleted(group, this.clock.now().getTime());
  }

  /** Someone edits the router's weights by hand (ALB weights per target group ARN). */
  drift(routerArn: string, albWeights: Readonly<Record<string, number>>): void {
    this.elb.driftWeights(routerArn, albWeights);
  }

  /** The status DescribeExecution reports for an execution (the local executor's own state). */
  setExecution(
    record: Omit<ExecutionRecord, 'status' | 'stopDate'> & {
      status: ExecutionRecord['status'];
      stopDate?: Date;
    },
  ): void {
    this.executions.set(record.executionArn, { ...record });
  }

  #buildHandlers(): Record<string, Handler> {
    const elb = this.elb;
    const cw = this.cloudWatch;
    const ddb = this.dynamoDb;
    const platforms = this.platforms;
    const documents = (
      output: { Item?: Item; Attributes?: Item; Items?: Item[]; LastEvaluatedKey?: Item },
      context: MiddlewareContext,
    ) => (context.__aws_sdk_context?.features?.DDB_MAPPER === undefined ? output : toDocumentOutput(output));
    const handlers: Record<string, (input: never, context: MiddlewareContext) => unknown> = {
      DescribeListeners: (input) => elb.describeListeners(input),
      DescribeRules: (input) => elb.describeRules(input),
      ModifyListener: (input) => elb.modifyListener(input),
      ModifyRule: (input) => elb.modifyRule(input),
      CreateRule: (input) => elb.createRule(input),
      DeleteRule: (input) => elb.deleteRule(input),
      DescribeLoadBalancers: (input) => elb.describeLoadBalancers(input),
      DescribeTargetGroups: (input) => elb.describeTargetGroups(input),
      DescribeTargetHealth: (input) => elb.describeTargetHealth(input),
      DescribeServices: (input) => platforms.describeServices(input),
      DescribeCluster: (input) => platforms.describeCluster(input),
      DescribeNodegroup: (input) => platforms.describeNodegroup(input),
      DescribeAutoScalingGroups: (input) => platforms.describeAutoScalingGroups(input),
      DescribeInstanceRefreshes: (input) => platforms.describeInstanceRefreshes(input),
      SetDesiredCapacity: (input) => platforms.setDesiredCapacity(input),
      UpdateService: (input) => platforms.updateService(input),
      GetMetricData: (input) => cw.getMetricData(input),
      DescribeAlarms: (input) => cw.describeAlarms(input),
      PutItem: (input, context) => documents(ddb.putItem(input), context),
      GetItem: (input, context) => documents(ddb.getItem(input), context),
      UpdateItem: (input, context) => documents(ddb.updateItem(input), context),
      DeleteItem: (input, context) => documents(ddb.deleteItem(input), context),
      Query: (input, context) => documents(ddb.query(input), context),
      PutEvents: (input) => this.#putEvents(input),
      DescribeExecution: (input) => this.#describeExecution(input),
      Invoke: (input) => this.hooks.invoke(input),
      GetSecretValue: (input) => this.hooks.getSecretValue(input),
      GetCallerIdentity: () => ({
        UserId: 'AROASANDBOX:cutover-rehearsal',
        Account: this.world.accountId,
        Arn: `arn:aws:sts::${this.world.accountId}:assumed-role/cutover-rehearsal/sandbox`,
      }),
    };
    return handlers as Record<string, Handler>;
  }

  #putEvents(input: PutEventsRequest): { FailedEntryCount: number; Entries: PutEventsResultEntry[] } {
    const entries = input.Entries ?? [];
    if (entries.length === 0 || entries.length > 10) {
      throw awsError(
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10; got ${entries.length}`,
      );
    }
    const at = this.clock.now().getTime();
    const results = entries.map((entry): PutEventsResultEntry => {
      const bus = entry.EventBusName ?? 'default';
      if (!this.world.eventBuses.includes(bus)) {
        return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` };
      }
      if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
        return {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter(s) Source, DetailType and Detail must be specified.',
        };
      }
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail);
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      }
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      }
      this.events.push({ at, eventBusName: bus, source: entry.Source, detailType: entry.DetailType, detail });
      this.#eventCounter += 1;
      return { EventId: `00000000-0000-4000-8000-${this.#eventCounter.toString().padStart(12, '0')}` };
    });
    return { FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length, Entries: results };
  }

  #describeExecution(input: DescribeExecutionInput) {
    const record = this.executions.get(input.executionArn ?? '');
    if (record === undefined)
      throw awsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${input.executionArn}'`);
    return { ...record };
  }
}

interface MiddlewareStackLike {
  addRelativeTo(
    middleware: (
      next: unknown,
      context: MiddlewareContext,
    ) => (args: { input: unknown }) => Promise<{ output: unknown; response: unknown }>,
    options: Record<string, unknown>,
  ): void;
}

function commandOf(context: MiddlewareContext): string {
  return (context.commandName ?? 'Unknown').replace(/Command$/, '');
}

function injectedMessage(code: string, command: string): string {
  if (code === 'ThrottlingException' || code === 'Throttling') return 'Rate exceeded';
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    return `User: arn:aws:sts::123456789012:assumed-role/cutover-rehearsal/sandbox is not authorized to perform: ${command}`;
  }
  return `sandbox: injected ${code} for ${command}`;
}

/** Every target group of the world, with its targets and health, on the sandbox ALB. */
function addTargetGroups(elb: ElbSimulation, world: SandboxWorld, start: number): void {
  const ids = new SeededRandom(world.seed);
  for (const group of world.targetGroups) {
    const instanceIds = Array.from({ length: 64 }, () => ids.hex(17));
    elb.addTargetGroup({
      arn: group.arn,
      name: group.dimension.split('/')[1] ?? group.arn,
      targetType: group.targetType,
      port: group.targetType === 'instance' ? 8080 : 80,
      // Attached to the router's load balancer once a listener or rule forwards to it (elbv2.ts).
      loadBalancerArns: group.otherLoadBalancerArn === undefined ? [] : [group.otherLoadBalancerArn],
      health: new TargetGroupHealth({
        settings: world.healthCheck,
        healthy: group.healthyTargets,
        registered: group.registeredTargets ?? group.healthyTargets,
        start,
        port: group.targetType === 'instance' ? 8080 : 80,
        newId: (index) =>
          group.targetType === 'instance'
            ? `i-${instanceIds[index % instanceIds.length]}`
            : `10.0.${world.targetGroups.indexOf(group) * 16 + Math.floor(index / 250)}.${(index % 250) + 4}`,
      }),
    });
  }
}

/** ECS services, EKS clusters, Auto Scaling groups and Kubernetes workloads as the world starts them. */
function seedPlatforms(
  platforms: PlatformSimulation,
  kubernetes: KubernetesSimulation,
  world: SandboxWorld,
): void {
  for (const service of world.ecsServices) platforms.ecsServices.push({ ...service });
  for (const cluster of world.eksClusters)
    platforms.eksClusters.push({ ...cluster, nodegroups: [...cluster.nodegroups] });
  for (const group of world.autoScalingGroups) platforms.autoScalingGroups.push({ ...group });
  for (const workload of world.kubernetes?.workloads ?? []) kubernetes.workloads.push({ ...workload });
  for (const binding of world.kubernetes?.bindings ?? []) kubernetes.bindings.push({ ...binding });
}
