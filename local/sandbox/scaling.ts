import type { VirtualClock } from '../virtual-clock.ts';
import type { ElbSimulation } from './elbv2.ts';
import type { KubernetesSimulation, SimulatedWorkload } from './kubernetes.ts';
import type { PlatformSimulation } from './platforms.ts';
import type { TrafficModel } from './traffic.ts';

/** How the service behind one target group scales and how much each unit can serve. */
export interface WorldCapacity {
  readonly targetGroupArn: string;
  /** Requests per second one unit serves before it queues and sheds (absent: unlimited). */
  readonly requestsPerSecondPerUnit?: number;
  /** Virtual seconds from a scale request until the new units serve (then the health checks decide). */
  readonly scaleSeconds: number;
  readonly ecsService?: { readonly cluster: string; readonly service: string };
  readonly autoScalingGroup?: string;
  readonly workload?: { readonly cluster: string; readonly namespace: string; readonly name: string };
  /** The registered targets are the pods (IP targets); false for NodePort instance targets. */
  readonly podsAreTargets?: boolean;
}

/**
 * Scaling that takes virtual time, and units that have a capacity: a scale-up (UpdateService,
 * SetDesiredCapacity, the Kubernetes scale subresource) serves only `scaleSeconds` later, unless a
 * `scaleFails` fault keeps the new units from ever starting. The traffic model asks `unitsAt` to
 * degrade a group whose units carry more than their capacity.
 */
export class SandboxScaling {
  readonly #settings = new Map<string, WorldCapacity>();
  readonly #failing = new Set<string>();
  readonly #clock: VirtualClock;
  readonly #elb: ElbSimulation;
  readonly #platforms: PlatformSimulation;
  readonly #kubernetes: KubernetesSimulation;

  constructor(opts: {
    readonly capacity: readonly WorldCapacity[];
    readonly clock: VirtualClock;
    readonly elb: ElbSimulation;
    readonly platforms: PlatformSimulation;
    readonly kubernetes: KubernetesSimulation;
    readonly traffic: TrafficModel;
  }) {
    this.#clock = opts.clock;
    this.#elb = opts.elb;
    this.#platforms = opts.platforms;
    this.#kubernetes = opts.kubernetes;
    for (const setting of opts.capacity) {
      this.#settings.set(setting.targetGroupArn, setting);
      this.#wire(setting);
      if (setting.requestsPerSecondPerUnit !== undefined) {
        opts.traffic.setCapacity(setting.targetGroupArn, setting.requestsPerSecondPerUnit, (at) =>
          this.unitsAt(setting, at),
        );
      }
    }
  }

  /** From now on, scale-ups of this target group's service never start (e.g. no capacity to place them). */
  failScaling(targetGroupArn: string): void {
    this.#failing.add(targetGroupArn);
  }

  /** Units serving at `at`: ready pods behind NodePort targets, else the targets passing their checks. */
  unitsAt(setting: WorldCapacity, at: number): number {
    const workload = this.#workload(setting);
    if (workload !== undefined && setting.podsAreTargets === false)
      return Math.min(workload.readyReplicas, workload.replicas);
    const health = this.#elb.targetGroups.get(setting.targetGroupArn)?.health;
    if (health === undefined) return 0;
    return health.registeredAt(at).filter((target) => health.stateAt(target, at) === 'healthy').length;
  }

  #wire(setting: WorldCapacity): void {
    const { ecsService, autoScalingGroup } = setting;
    const service = this.#platforms.ecsServices.find(
      (s) => s.cluster === ecsService?.cluster && s.service === ecsService?.service,
    );
    if (service !== undefined) {
      service.onDesiredCount = (count) =>
        this.#later(
          setting,
          'ecs tasks started',
          () => {
            service.running = undefined;
            this.#setServing(setting, count);
          },
          () => {
            service.failedTasks = (service.failedTasks ?? 0) + 1;
          },
        );
    }
    const group = this.#platforms.autoScalingGroups.find((g) => g.name === autoScalingGroup);
    if (group !== undefined) {
      group.onDesiredCapacity = (count) =>
        this.#later(setting, 'instances InService', () => {
          group.inService = undefined;
          this.#setServing(setting, count);
        });
    }
    const workload = this.#workload(setting);
    if (workload !== undefined) {
      workload.onScale = (replicas) =>
        this.#later(setting, 'pods ready', () => {
          workload.readyReplicas = replicas;
          if (setting.podsAreTargets !== false) this.#setServing(setting, replicas);
        });
    }
  }

  #later(setting: WorldCapacity, label: string, done: () => void, failed?: () => void): void {
    const at = this.#clock.now().getTime() + setting.scaleSeconds * 1000;
    this.#clock.schedule(at, `sandbox: ${label}`, () => {
      if (this.#failing.has(setting.targetGroupArn)) failed?.();
      else done();
    });
  }

  #setServing(setting: WorldCapacity, count: number): void {
    this.#elb.targetGroups.get(setting.targetGroupArn)?.health.setPassing(count, this.#clock.now().getTime());
  }

  #workload(setting: WorldCapacity): SimulatedWorkload | undefined {
    const ref = setting.workload;
    return ref === undefined ? undefined : this.#kubernetes.workload(ref.cluster, ref.namespace, ref.name);
  }
}
