/**
 * In-memory implementations of every port in shared/ports, for unit and integration tests of the
 * state machine. The router behaves like an ALB listener: it keeps the raw actions, snapshots and
 * restores them byte for byte, adds missing target groups when weights are written, and can be
 * changed behind the cutover's back (drift). Faults are scheduled per operation.
 */

import {
  ConfigurationError,
  LeaseHeldError,
  LeaseLostError,
  TargetGroupUnavailableError,
  WeightsNotVerifiedError,
} from '#core/errors';
import type { ActionShape } from '#core/forward-action';
import { readForwardShares, withForwardWeights } from '#core/forward-action';
import { sameWeights, type Weights } from '#core/weights';
import type { RouterRef, Target } from '#plan/types';
import type { AlarmSource, AlarmState } from '#ports/alarm-source';
import type { AuditEntry, AuditLog } from '#ports/audit-log';
import type { Clock } from '#ports/clock';
import type { CutoverEvent, EventSink } from '#ports/event-sink';
import type { ExecutionStatusSource, ExecutionStatusValue } from '#ports/execution-status';
import type { ExecutionLedger, Lease, LeasePatch, LeaseStore } from '#ports/lease-store';
import type { MetricsQuery, MetricsSource, MinuteMetrics, TargetGroupMetrics } from '#ports/metrics-source';
import type { TargetHealthCounts, TargetHealthSource } from '#ports/target-health';
import type { Readiness, TargetPlatform } from '#ports/target-platform';
import type { RestoreResult, RouterSnapshot, TrafficRouter, WriteResult } from '#ports/traffic-router';
import type { CutoverDeps } from '#runtime/deps';
import { type LogLine, recordingLogger } from '#runtime/logger';
import { type RecordedMetric, recordingMetrics } from '#runtime/metrics';
import { FakeProbe, FakeTestRoutes } from './fake-test-route.ts';

// ---------------------------------------------------------------------------------------------- clock

/** Time that moves only when someone sleeps: waits are instant and exact. Actions can be scheduled. */
export class VirtualClock implements Clock {
  readonly start: number;
  #now: number;
  #scheduled: { at: number; run: () => void }[] = [];
  constructor(start: string | Date = '2026-06-01T01:00:00Z') {
    this.start = new Date(start).getTime();
    this.#now = this.start;
  }
  now(): Date {
    return new Date(this.#now);
  }
  async sleep(ms: number): Promise<void> {
    this.advance(ms);
  }
  advance(ms: number): void {
    const target = this.#now + Math.max(0, ms);
    for (;;) {
      const next = this.#scheduled.filter((entry) => entry.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.#scheduled = this.#scheduled.filter((entry) => entry !== next);
      this.#now = Math.max(this.#now, next.at);
      next.run();
    }
    this.#now = target;
  }
  /** Runs `action` when the clock reaches `seconds` after its start (a fault in a scenario). */
  at(seconds: number, action: () => void): void {
    this.#scheduled.push({ at: this.start + seconds * 1000, run: action });
  }
  /** Seconds since the clock's start. */
  elapsedSeconds(): number {
    return (this.#now - this.start) / 1000;
  }
}

// --------------------------------------------------------------------------------------------- faults

export type Operation =
  | 'getWeights'
  | 'setWeights'
  | 'verify'
  | 'restore'
  | 'snapshot'
  | 'health'
  | 'albMetrics'
  | 'alarms'
  | 'leaseRead'
  | 'leaseUpdate'
  | 'leaseRelease';

interface Fault {
  readonly op: Operation;
  remaining: number;
  readonly make: () => Error;
  /** Throw after the operation took effect (the Lambda died after its write). */
  readonly after: boolean;
}

/** Scheduled faults shared by every fake of one world. */
export class Faults {
  readonly #faults: Fault[] = [];
  /** `count` times, `op` throws `make()` (before it has any effect, unless `after`). */
  add(op: Operation, make: () => Error, count = 1, options: { after?: boolean } = {}): void {
    this.#faults.push({ op, remaining: count, make, after: options.after ?? false });
  }
  /** The outage of `op` ends: its remaining scheduled faults are dropped. */
  clear(op: Operation): void {
    for (const fault of this.#faults) if (fault.op === op) fault.remaining = 0;
  }
  async around<T>(op: Operation, run: () => T | Promise<T>): Promise<T> {
    const before = this.#take(op, false);
    if (before) throw before;
    const result = await run();
    const after = this.#take(op, true);
    if (after) throw after;
    return result;
  }
  #take(op: Operation, after: boolean): Error | undefined {
    const fault = this.#faults.find((f) => f.op === op && f.after === after && f.remaining > 0);
    if (!fault) return undefined;
    fault.remaining -= 1;
    return fault.make();
  }
}

export function namedError(name: string, message = `${name} (injected)`): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

// --------------------------------------------------------------------------------------------- router

export type RouterWrite =
  | { readonly kind: 'setWeights'; readonly weights: Weights }
  | { readonly kind: 'restore'; readonly actions: unknown[] };

/** An ALB listener's default actions, in memory. */
export class FakeRouter implements TrafficRouter {
  readonly arn: string;
  actions: ActionShape[];
  readonly writes: RouterWrite[] = [];
  /** Target groups that exist in the account (a restore naming any other fails like ELBv2). */
  readonly existingTargetGroups: Set<string>;
  readonly #kind: RouterRef['kind'];
  readonly #clock: Clock;
  readonly #faults: Faults;

  constructor(options: {
    router: RouterRef;
    weights: Weights;
    clock: Clock;
    faults: Faults;
    stickiness?: number;
  }) {
    this.arn = options.router.arn;
    this.#kind = options.router.kind;
    this.#clock = options.clock;
    this.#faults = options.faults;
    this.existingTargetGroups = new Set(Object.keys(options.weights));
    this.actions = [
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: Object.entries(options.weights).map(([arn, weight]) => ({
            TargetGroupArn: arn,
            Weight: weight,
          })),
          TargetGroupStickinessConfig: options.stickiness
            ? { Enabled: true, DurationSeconds: options.stickiness }
            : { Enabled: false },
        },
      },
    ];
  }

  /** Percent shares read the way an ALB would report them. */
  liveWeights(): Weights {
    return readForwardShares(this.actions, `router ${this.arn}`);
  }
  /** Someone changes the weights in the console (drift). */
  driftTo(weights: Weights): void {
    this.actions = withForwardWeights(this.actions, weights, `router ${this.arn}`);
  }
  /**
   * The next read answers the weights as they are, then someone changes them to `weights`: the
   * operator's edit lands between a use-case's read and the router's write.
   */
  driftAfterNextRead(weights: Weights): void {
    this.#afterRead = () => this.driftTo(weights);
  }
  #afterRead: (() => void) | undefined;

  async snapshot(): Promise<RouterSnapshot> {
    return this.#faults.around('snapshot', () => ({
      routerArn: this.arn,
      kind: this.#kind,
      actions: structuredClone(this.actions),
      weights: this.liveWeights(),
      capturedAt: this.#clock.now().toISOString(),
    }));
  }
  async getWeights(): Promise<Weights> {
    const live = await this.#faults.around('getWeights', () => this.liveWeights());
    const afterRead = this.#afterRead;
    this.#afterRead = undefined;
    afterRead?.();
    return live;
  }
  async setWeights(desired: Weights, guard: { readonly expected: Weights }): Promise<WriteResult> {
    return this.#faults.around('setWeights', () => {
      const before = this.liveWeights();
      if (sameWeights(before, desired)) return { written: false, stale: false, before, after: before };
      if (!sameWeights(before, guard.expected)) return { written: false, stale: true, before, after: before };
      for (const [arn, weight] of Object.entries(desired)) {
        if (weight > 0 && !this.existingTargetGroups.has(arn)) {
          throw new TargetGroupUnavailableError(`target group ${arn}: not found`);
        }
      }
      this.actions = withForwardWeights(this.actions, desired, `router ${this.arn}`);
      this.writes.push({ kind: 'setWeights', weights: { ...desired } });
      return { written: true, stale: false, before, after: this.liveWeights() };
    });
  }
  async verify(desired: Weights): Promise<void> {
    return this.#faults.around('verify', () => {
      const live = this.liveWeights();
      if (!sameWeights(live, desired)) {
        throw new WeightsNotVerifiedError(
          `router ${this.arn}: read-back did not match; desired ${JSON.stringify(desired)} vs actual ${JSON.stringify(live)}`,
        );
      }
    });
  }
  async restore(
    snapshot: RouterSnapshot,
    guard: { readonly expected: readonly Weights[] },
  ): Promise<RestoreResult> {
    return this.#faults.around('restore', () => {
      const live = this.liveWeights();
      if (!guard.expected.some((expected) => sameWeights(live, expected))) return { restored: false, live };
      for (const arn of Object.keys(snapshot.weights)) {
        if (!this.existingTargetGroups.has(arn))
          throw new TargetGroupUnavailableError(`target group ${arn}: not found`);
      }
      this.actions = structuredClone(snapshot.actions) as ActionShape[];
      this.writes.push({ kind: 'restore', actions: structuredClone(snapshot.actions) as unknown[] });
      return { restored: true, live };
    });
  }
}

// ------------------------------------------------------------------------------------- health, platform

export class FakeTargetHealth implements TargetHealthSource {
  readonly healthy = new Map<string, number>();
  calls = 0;
  readonly #faults: Faults;
  constructor(faults: Faults) {
    this.#faults = faults;
  }
  async health(targetGroupArn: string): Promise<TargetHealthCounts> {
    this.calls += 1;
    return this.#faults.around('health', () => {
      const healthy = this.healthy.get(targetGroupArn) ?? 3;
      return {
        targetGroupArn,
        healthy,
        unhealthy: healthy === 0 ? 3 : 0,
        initial: 0,
        draining: 0,
        unused: 0,
        unavailable: 0,
        reasons: healthy === 0 ? ['Target.FailedHealthChecks: Health checks failed'] : [],
      };
    });
  }
}

export class FakePlatform implements TargetPlatform {
  readonly #target: Target;
  readonly #notReady: Map<string, string>;
  constructor(target: Target, notReady: Map<string, string>) {
    this.#target = target;
    this.#notReady = notReady;
  }
  async readiness(): Promise<Readiness> {
    const reason = this.#notReady.get(this.#target.name);
    return {
      target: this.#target.name,
      platform: this.#target.platform,
      ready: !reason,
      reasons: reason ? [reason] : [],
    };
  }
}

// --------------------------------------------------------------------------------------- metrics, alarms

/** Per-target-group metrics; a group without an entry has no datapoints (null). */
export class FakeMetrics implements MetricsSource {
  readonly values = new Map<string, Omit<TargetGroupMetrics, 'targetGroupArn'>>();
  readonly queries: MetricsQuery[] = [];
  readonly #faults: Faults;
  constructor(faults: Faults) {
    this.#faults = faults;
  }
  /**
   * What each target group serves per minute from now on (as ALB would publish it): every whole
   * minute of a query reads these values, unless `minutes` lists the published minutes exactly.
   */
  set(
    targetGroupArn: string,
    metrics: {
      requests: number | null;
      errors5xx: number | null;
      p99Ms: number | null;
      minutes?: readonly MinuteMetrics[];
    },
  ): void {
    this.values.set(targetGroupArn, { minutes: [], ...metrics });
  }
  async albMetrics(query: MetricsQuery): Promise<Readonly<Record<string, TargetGroupMetrics>>> {
    this.queries.push(query);
    return this.#faults.around('albMetrics', () => {
      const result: Record<string, TargetGroupMetrics> = {};
      for (const arn of Object.keys(query.targetGroups)) {
        const value = this.values.get(arn) ?? { requests: null, errors5xx: null, p99Ms: null, minutes: [] };
        const minutes = value.minutes.length > 0 ? value.minutes : everyMinute(value, query);
        const total = (pick: (minute: MinuteMetrics) => number) =>
          minutes.length === 0 ? null : minutes.reduce((sum, minute) => sum + pick(minute), 0);
        result[arn] = {
          targetGroupArn: arn,
          requests: total((minute) => minute.requests),
          errors5xx: total((minute) => minute.errors5xx),
          p99Ms: minutes.length === 0 ? null : value.p99Ms,
          minutes,
        };
      }
      return result;
    });
  }
}

function everyMinute(
  value: { requests: number | null; errors5xx: number | null; p99Ms: number | null },
  query: MetricsQuery,
): MinuteMetrics[] {
  if (value.requests === null || value.requests <= 0) return [];
  const minutes: MinuteMetrics[] = [];
  for (let start = query.start.getTime(); start < query.end.getTime(); start += 60_000) {
    minutes.push({
      start,
      requests: value.requests,
      errors5xx: value.errors5xx ?? 0,
      p99Ms: value.p99Ms,
      p95Ms: value.p99Ms === null ? null : value.p99Ms * 0.8,
    });
  }
  return minutes;
}

export class FakeAlarms implements AlarmSource {
  readonly alarmStates = new Map<string, AlarmState>();
  calls = 0;
  readonly #faults: Faults;
  constructor(faults: Faults) {
    this.#faults = faults;
  }
  async states(names: readonly string[]): Promise<Readonly<Record<string, AlarmState>>> {
    this.calls += 1;
    return this.#faults.around('alarms', () => {
      const result: Record<string, AlarmState> = {};
      for (const name of names) {
        const state = this.alarmStates.get(name);
        if (!state) throw new ConfigurationError(`alarm ${name}: not found`);
        result[name] = state;
      }
      return result;
    });
  }
}

// -------------------------------------------------------------------------------------- lease, ledger

/** The DynamoDB lease item semantics: conditional acquire, fencing tokens that only grow. */
export class InMemoryLeaseStore implements LeaseStore {
  readonly items = new Map<string, Lease>();
  writes = 0;
  readonly #faults: Faults;
  constructor(faults: Faults) {
    this.#faults = faults;
  }
  async acquire(req: {
    routerArn: string;
    owner: string;
    planName: string;
    ttlSeconds: number;
    now: Date;
  }): Promise<Lease> {
    const current = this.items.get(req.routerArn);
    const free = !current || current.released || Date.parse(current.expiresAt) <= req.now.getTime();
    if (!free) {
      throw new LeaseHeldError(
        `lease ${req.routerArn}: held by ${current.owner} (token ${current.token}) until ${current.expiresAt}; desired owner ${req.owner}; stopping with zero writes`,
      );
    }
    const lease: Lease = {
      routerArn: req.routerArn,
      owner: req.owner,
      planName: req.planName,
      token: (current?.token ?? 0) + 1,
      expiresAt: new Date(req.now.getTime() + req.ttlSeconds * 1000).toISOString(),
      released: false,
    };
    this.#put(lease);
    return lease;
  }
  async takeOver(req: {
    routerArn: string;
    owner: string;
    expectedToken: number;
    ttlSeconds: number;
    now: Date;
  }): Promise<Lease> {
    const current = this.items.get(req.routerArn);
    if (!current || current.token !== req.expectedToken) {
      throw new LeaseLostError(
        `lease ${req.routerArn}: token moved on; desired ${req.expectedToken} vs actual ${current?.token ?? 'none'}`,
      );
    }
    const lease: Lease = {
      ...current,
      owner: req.owner,
      token: current.token + 1,
      released: false,
      expiresAt: new Date(req.now.getTime() + req.ttlSeconds * 1000).toISOString(),
    };
    this.#put(lease);
    return lease;
  }
  async renew(req: { routerArn: string; token: number; ttlSeconds: number; now: Date }): Promise<Lease> {
    const current = this.#own(req.routerArn, req.token);
    const lease = {
      ...current,
      expiresAt: new Date(req.now.getTime() + req.ttlSeconds * 1000).toISOString(),
    };
    this.#put(lease);
    return lease;
  }
  async update(routerArn: string, token: number, patch: LeasePatch): Promise<Lease> {
    return this.#faults.around('leaseUpdate', () => {
      const current = this.#own(routerArn, token);
      const { remove, ...fields } = patch;
      const next: Record<string, unknown> = { ...current, ...structuredClone(fields) };
      for (const field of remove ?? []) delete next[field];
      this.#put(next as unknown as Lease);
      return next as unknown as Lease;
    });
  }
  async release(routerArn: string, token: number): Promise<void> {
    return this.#faults.around('leaseRelease', () => {
      const current = this.#own(routerArn, token);
      this.#put({ ...current, released: true });
    });
  }
  async read(routerArn: string): Promise<Lease | undefined> {
    return this.#faults.around('leaseRead', () => {
      const lease = this.items.get(routerArn);
      return lease ? structuredClone(lease) : undefined;
    });
  }
  async listActive(): Promise<readonly Lease[]> {
    return [...this.items.values()].filter((lease) => !lease.released).map((lease) => structuredClone(lease));
  }
  /** An operator's `cutover abort`. */
  requestAbort(routerArn: string, by: string, reason: string, at: Date): void {
    const current = this.items.get(routerArn);
    if (current)
      this.items.set(routerArn, { ...current, abortRequested: { by, reason, at: at.toISOString() } });
  }
  #own(routerArn: string, token: number): Lease {
    const current = this.items.get(routerArn);
    if (!current || current.token !== token || current.released) {
      throw new LeaseLostError(
        `lease ${routerArn}: token ${token} is not current (actual ${current?.token ?? 'none'}${current?.released ? ', released' : ''})`,
      );
    }
    return current;
  }
  #put(lease: Lease): void {
    this.writes += 1;
    this.items.set(lease.routerArn, structuredClone(lease));
  }
}

export class InMemoryLedger implements ExecutionLedger {
  readonly items = new Map<string, { status: 'OPEN' | 'CLOSED'; outcome?: string; planName: string }>();
  async open(req: { executionArn: string; planName: string; routerArn: string; at: string }): Promise<void> {
    if (!this.items.has(req.executionArn))
      this.items.set(req.executionArn, { status: 'OPEN', planName: req.planName });
  }
  async close(req: { executionArn: string; outcome: string; at: string }): Promise<void> {
    const item = this.items.get(req.executionArn);
    this.items.set(req.executionArn, {
      planName: item?.planName ?? '',
      status: 'CLOSED',
      outcome: req.outcome,
    });
  }
  async status(executionArn: string): Promise<'OPEN' | 'CLOSED' | undefined> {
    return this.items.get(executionArn)?.status;
  }
}

export class InMemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }
  async list(filter: { planName?: string; limit?: number }): Promise<readonly AuditEntry[]> {
    const matching = this.entries
      .filter((entry) => !filter.planName || entry.planName === filter.planName)
      .reverse();
    return matching.slice(0, filter.limit ?? matching.length);
  }
}

export class RecordingEventSink implements EventSink {
  readonly events: CutoverEvent[] = [];
  async emit(event: CutoverEvent): Promise<void> {
    this.events.push(structuredClone(event));
  }
  types(): string[] {
    return this.events.map((event) => event.type);
  }
}

export class FakeExecutions implements ExecutionStatusSource {
  readonly statuses = new Map<string, { status: ExecutionStatusValue; stopDate?: string }>();
  async status(executionArn: string): Promise<{ status: ExecutionStatusValue; stopDate?: string }> {
    return this.statuses.get(executionArn) ?? { status: 'NOT_FOUND' };
  }
}

// ---------------------------------------------------------------------------------------------- world

/** Every fake of one simulated account, wired into CutoverDeps. */
export interface FakeWorld {
  readonly deps: CutoverDeps;
  readonly clock: VirtualClock;
  readonly faults: Faults;
  /** One router per router ARN, created on first use from `initialWeights`. */
  router(ref: RouterRef): FakeRouter;
  readonly health: FakeTargetHealth;
  readonly metrics: FakeMetrics;
  readonly alarms: FakeAlarms;
  readonly notReady: Map<string, string>;
  readonly leases: InMemoryLeaseStore;
  readonly ledger: InMemoryLedger;
  readonly audit: InMemoryAuditLog;
  readonly events: RecordingEventSink;
  readonly executions: FakeExecutions;
  readonly testRoutes: FakeTestRoutes;
  readonly probe: FakeProbe;
  readonly logLines: LogLine[];
  readonly metricRecords: RecordedMetric[];
}

export function fakeWorld(options: {
  initialWeights: Weights;
  clock?: VirtualClock;
  stickiness?: number;
}): FakeWorld {
  const clock = options.clock ?? new VirtualClock();
  const faults = new Faults();
  const routers = new Map<string, FakeRouter>();
  const router = (ref: RouterRef): FakeRouter => {
    let found = routers.get(ref.arn);
    if (!found) {
      found = new FakeRouter({
        router: ref,
        weights: options.initialWeights,
        clock,
        faults,
        ...(options.stickiness ? { stickiness: options.stickiness } : {}),
      });
      routers.set(ref.arn, found);
    }
    return found;
  };
  const health = new FakeTargetHealth(faults);
  const metrics = new FakeMetrics(faults);
  const alarms = new FakeAlarms(faults);
  const notReady = new Map<string, string>();
  const leases = new InMemoryLeaseStore(faults);
  const ledger = new InMemoryLedger();
  const audit = new InMemoryAuditLog();
  const events = new RecordingEventSink();
  const executions = new FakeExecutions();
  const testRoutes = new FakeTestRoutes();
  const probe = new FakeProbe();
  const logger = recordingLogger();
  const recorded = recordingMetrics();
  const deps: CutoverDeps = {
    routerFor: router,
    healthFor: () => health,
    platformFor: (_ref, target) => new FakePlatform(target, notReady),
    metricsFor: () => metrics,
    alarmsFor: () => alarms,
    testRoutesFor: () => testRoutes,
    probeFor: () => probe,
    executions,
    leases,
    ledger,
    audit,
    events,
    clock,
    logger,
    metrics: recorded,
  };
  return {
    deps,
    clock,
    faults,
    router,
    health,
    metrics,
    alarms,
    notReady,
    leases,
    ledger,
    audit,
    events,
    executions,
    testRoutes,
    probe,
    logLines: logger.lines,
    metricRecords: recorded.records,
  };
}

// ---------------------------------------------------------------------------------------------- plans

export const LISTENER_ARN =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2';
export const VM_TG =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/crawler-vm/73e2d6bc24d8a067';
export const ECS_TG =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/crawler-ecs/0123456789abcdef';
export const EKS_TG =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/crawler-eks/fedcba9876543210';

/** A VM → ECS plan document (the execution input), with fields overridden or removed (`undefined`). */
export function planDocument(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const document: Record<string, unknown> = {
    name: 'crawler-vm-to-ecs',
    router: { listenerArn: LISTENER_ARN },
    targets: {
      vm: { platform: 'ec2', targetGroupArn: VM_TG, autoScalingGroup: 'crawler' },
      ecs: { platform: 'ecs', targetGroupArn: ECS_TG, cluster: 'main', service: 'crawler' },
    },
    from: 'vm',
    to: 'ecs',
    steps: [1, 50, 100],
    bake: '2m',
    interval: '15s',
    gates: {
      minHealthyTargets: 2,
      errorRate: { maxPercent: 1, maxRatioToSource: 2, minRequests: 100 },
      alarms: ['crawler-ecs-cpu-high'],
    },
    retreat: { minHealthyTargets: 2 },
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete document[key];
  return document;
}

/** Healthy traffic for both targets: enough requests, low error rates; alarms OK. */
export function healthyWorld(world: FakeWorld, options: { ecsErrors?: number } = {}): FakeWorld {
  world.health.healthy.set(VM_TG, 4);
  world.health.healthy.set(ECS_TG, 3);
  world.metrics.set(VM_TG, { requests: 10_000, errors5xx: 10, p99Ms: 120 });
  world.metrics.set(ECS_TG, { requests: 2_000, errors5xx: options.ecsErrors ?? 1, p99Ms: 100 });
  world.alarms.alarmStates.set('crawler-ecs-cpu-high', 'OK');
  return world;
}
