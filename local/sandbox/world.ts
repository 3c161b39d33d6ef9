import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AlarmStateValue, PublicationDelay } from './cloudwatch.ts';
import type { SandboxHookBehaviour, SplitSkew } from './hooks.ts';
import type { SimulatedBinding, SimulatedWorkload } from './kubernetes.ts';
import type { WorldCapacity } from './scaling.ts';
import type { HealthCheckSettings } from './target-health.ts';

/** One target group of the simulated account and the service behind it. */
export interface WorldTargetGroup {
  readonly arn: string;
  /** `targetgroup/<name>/<id>`, the CloudWatch dimension. */
  readonly dimension: string;
  readonly targetType: 'instance' | 'ip';
  /** Targets passing their health checks at the start. */
  readonly healthyTargets: number;
  /** Registered targets (the ones beyond `healthyTargets` fail their checks). Default: healthyTargets. */
  readonly registeredTargets?: number;
  readonly errorPercent: number;
  readonly p99Ms: number;
  /** Attached to a different load balancer than the router's (ALB allows one): writes are refused. */
  readonly otherLoadBalancerArn?: string;
}

/** Everything the sandbox account holds at virtual time 0. */
export interface SandboxWorld {
  readonly seed: number;
  readonly region: string;
  readonly accountId: string;
  readonly loadBalancer: { readonly arn: string; readonly dimension: string };
  readonly listeners: readonly { readonly arn: string; readonly defaultActions: readonly Action[] }[];
  readonly rules: readonly {
    readonly arn: string;
    readonly listenerArn: string;
    readonly priority: string;
    readonly actions: readonly Action[];
  }[];
  readonly targetGroups: readonly WorldTargetGroup[];
  readonly healthCheck: HealthCheckSettings;
  /** The listener or rule whose forward action receives the traffic. */
  readonly traffic: { readonly routerArn: string; readonly requestsPerSecond: number };
  readonly metricsDelay: PublicationDelay;
  readonly ecsServices: readonly {
    readonly cluster: string;
    readonly service: string;
    readonly desiredCount: number;
    readonly ready: boolean;
  }[];
  readonly eksClusters: readonly {
    readonly name: string;
    readonly nodegroups: readonly string[];
    readonly ready: boolean;
  }[];
  readonly autoScalingGroups: readonly {
    readonly name: string;
    readonly desiredCapacity: number;
    readonly ready: boolean;
  }[];
  readonly alarms: Readonly<Record<string, AlarmStateValue>>;
  /** Kubernetes objects of the EKS clusters (workloads and TargetGroupBindings). */
  readonly kubernetes?: {
    readonly workloads: readonly Omit<SimulatedWorkload, 'onScale'>[];
    readonly bindings: readonly SimulatedBinding[];
  };
  /** Per target group: capacity per unit and how scaling behaves. */
  readonly capacity?: readonly WorldCapacity[];
  readonly tables: readonly string[];
  readonly eventBuses: readonly string[];
  /** How lifecycle hooks answer, per hook point (default: pass after 1 s). */
  readonly hooks?: Readonly<Record<string, SandboxHookBehaviour>>;
  /** Target group ARN → a share the ALB serves it instead of its weight. */
  readonly splitSkew?: Readonly<Record<string, SplitSkew>>;
}

/** ALB metrics arrive late: by default a period is readable 60–90 s after it ends. */
export const DEFAULT_METRICS_DELAY: PublicationDelay = { minSeconds: 60, maxSeconds: 180 };
