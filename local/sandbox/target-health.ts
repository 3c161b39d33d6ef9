/**
 * ALB target health for one target group. Each registered target either passes its health checks
 * or fails them; ALB changes the reported state only after enough consecutive results: a passing
 * target becomes `healthy` after `healthyThreshold × interval`, a failing one `unhealthy` after
 * `unhealthyThreshold × interval`. New targets start `initial` and need one passing check (one
 * interval) to become `healthy`, whatever the healthy threshold. Every change is kept with its time
 * so the traffic model can ask what the state was at any past instant.
 */

export type TargetState = 'initial' | 'healthy' | 'unhealthy';

export interface HealthCheckSettings {
  readonly intervalSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

interface Change {
  /** Epoch ms when the target started passing or failing. */
  readonly since: number;
  readonly passing: boolean;
  /** The reported state at `since` (it flips only after the threshold). */
  readonly stateAtChange: TargetState;
}

export interface SimulatedTarget {
  readonly id: string;
  readonly port: number;
  readonly changes: Change[];
}

export class TargetGroupHealth {
  readonly settings: HealthCheckSettings;
  readonly targets: SimulatedTarget[] = [];
  readonly #newId: (index: number) => string;
  readonly #port: number;

  /**
   * @param healthy how many targets pass their checks at the start (reported healthy from the start)
   * @param registered how many targets are registered (the rest of them fail their checks)
   */
  constructor(opts: {
    readonly settings: HealthCheckSettings;
    readonly healthy: number;
    readonly registered: number;
    readonly start: number;
    readonly newId: (index: number) => string;
    readonly port: number;
  }) {
    this.settings = opts.settings;
    this.#newId = opts.newId;
    this.#port = opts.port;
    for (let i = 0; i < Math.max(opts.registered, opts.healthy); i++) {
      const passing = i < opts.healthy;
      this.targets.push({
        id: this.#newId(i),
        port: this.#port,
        changes: [{ since: opts.start, passing, stateAtChange: passing ? 'healthy' : 'unhealthy' }],
      });
    }
  }

  /** The reported state of one target at `at` (epoch ms). */
  stateAt(target: SimulatedTarget, at: number): TargetState {
    const change = lastChangeAt(target, at);
    if (change === undefined) return 'initial';
    const elapsed = at - change.since;
    const { intervalSeconds, healthyThreshold, unhealthyThreshold } = this.settings;
    if (change.passing) {
      if (change.stateAtChange === 'healthy') return 'healthy';
      // A newly registered target needs one passing check; the threshold applies to a recovery.
      const checks = change.stateAtChange === 'initial' ? 1 : healthyThreshold;
      return elapsed >= checks * intervalSeconds * 1000 ? 'healthy' : change.stateAtChange;
    }
    if (change.stateAtChange === 'unhealthy') return 'unhealthy';
    return elapsed >= unhealthyThreshold * intervalSeconds * 1000 ? 'unhealthy' : change.stateAtChange;
  }

  /** Whether the target answers (passes checks, serves requests) at `at`. */
  passingAt(target: SimulatedTarget, at: number): boolean {
    return lastChangeAt(target, at)?.passing ?? true;
  }

  /** Targets registered at `at` (a target exists from its first change on). */
  registeredAt(at: number): SimulatedTarget[] {
    return this.targets.filter((target) => (target.changes[0]?.since ?? Number.POSITIVE_INFINITY) <= at);
  }

  counts(at: number): Record<TargetState, number> {
    const counts: Record<TargetState, number> = { initial: 0, healthy: 0, unhealthy: 0 };
    for (const target of this.registeredAt(at)) counts[this.stateAt(target, at)] += 1;
    return counts;
  }

  /**
   * From `at` on, exactly `count` targets pass their checks: the first `count` registered targets
   * (registering new ones, which start `initial`, when there are not enough); the others fail.
   */
  setPassing(count: number, at: number): void {
    while (this.targets.length < count) {
      this.targets.push({
        id: this.#newId(this.targets.length),
        port: this.#port,
        changes: [{ since: at, passing: true, stateAtChange: 'initial' }],
      });
    }
    this.targets.forEach((target, index) => {
      const passing = index < count;
      if (this.passingAt(target, at) === passing && lastChangeAt(target, at) !== undefined) return;
      target.changes.push({ since: at, passing, stateAtChange: this.stateAt(target, at) });
    });
  }

  /**
   * The load balancer starts checking the group's targets at `at` (the group was just attached):
   * every registered target reads `initial` until its first checks decide.
   */
  restartChecks(at: number): void {
    for (const target of this.registeredAt(at)) {
      target.changes.push({ since: at, passing: this.passingAt(target, at), stateAtChange: 'initial' });
    }
  }

  /**
   * Fraction of the group's requests that reach a failing target at `at`. ALB routes only to
   * targets it reports healthy; when none is healthy it fails open and routes to all of them.
   */
  failingShareAt(at: number): number {
    const registered = this.registeredAt(at);
    if (registered.length === 0) return 1;
    const reportedHealthy = registered.filter((target) => this.stateAt(target, at) === 'healthy');
    const routed = reportedHealthy.length > 0 ? reportedHealthy : registered;
    const failing = routed.filter((target) => !this.passingAt(target, at)).length;
    return failing / routed.length;
  }
}

function lastChangeAt(target: SimulatedTarget, at: number): Change | undefined {
  let found: Change | undefined;
  for (const change of target.changes) {
    if (change.since > at) break;
    found = change;
  }
  return found;
}
