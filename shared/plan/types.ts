import type { Weights } from '#core/weights';
import type { Hooks, ObservedSplitGate } from './hook-types.ts';

/** A plan after schema and semantic checks: everything the state machine needs, fully resolved. */
export interface ResolvedPlan {
  readonly name: string;
  readonly router: RouterRef;
  /** Target name → target, in the order the plan lists them. */
  readonly targets: Readonly<Record<string, Target>>;
  readonly from: string;
  readonly to: string;
  /** Every step as a full weights map by target name (percent, sums to 100). */
  readonly steps: readonly ResolvedStep[];
  readonly intervalSeconds: number;
  readonly gates: Gates;
  /** The traffic the router usually carries (for `cutover validate`'s judge figures). */
  readonly expectedTraffic?: { readonly requestsPerSecond: number; readonly errorPercent: number };
  readonly retreat: {
    readonly minHealthyTargets: number;
    /** Emergency retreat: the `from` target, named to say it may be dead (no capacity asked of it). */
    readonly sourceMayBeDead?: string;
  };
  readonly approval?: ApprovalPolicy;
  readonly onFailure: 'rollback' | 'pause';
  readonly window?: ChangeWindow;
  /** ISO-8601 instant; the plan refuses to start after it. */
  readonly notAfter?: string;
  /** Set when the plan asks that capacity follows the weight (checked before each write). */
  readonly capacity?: CapacityPolicy;
  /** Lifecycle hooks (issue 11), when the plan names any. */
  readonly hooks?: Hooks;
  /** Set for a retreat drill: the last step returns every weight to `from` (the start). */
  readonly kind?: 'retreat-drill';
  /** Opt-in stepped rollback; absent: a rollback restores the snapshot in one write. */
  readonly rollback?: SteppedRollback;
  /** A header-matched listener rule to the destination, alive from Preflight to the end. */
  readonly testRoute?: TestRoutePolicy;
}

/**
 * The way back in steps: percents on `to`, strictly descending, the last always 0 (the snapshot
 * itself). A rollback uses only the steps below the share `to` holds when it starts.
 */
export interface SteppedRollback {
  readonly steps: readonly number[];
  /** How long each step is held while the gates watch the source. */
  readonly bakeSeconds: number;
}

export interface TestRoutePolicy {
  readonly header: string;
  /** Default: the plan name. */
  readonly value: string;
  readonly priority?: number;
}

/** The synthetic probe gate (requires a test route). */
export interface ProbeGate {
  readonly path: string;
  readonly everySeconds: number;
  readonly requests: number;
  readonly timeoutSeconds: number;
  /** Failure share (percent) a healthy destination may show; the test's null hypothesis. */
  readonly maxFailurePercent: number;
  readonly baseUrl?: string;
}

export interface CapacityPolicy {
  /** Destination load per healthy target may reach the source's (before the cutover) times this. */
  readonly headroom: number;
  /** Raise the destination to what the next step needs before writing it (never scales down). */
  readonly scaleAhead: boolean;
}

export interface RouterRef {
  readonly kind: 'listener' | 'rule';
  readonly arn: string;
  /** The load balancer's listener ARN: the router ARN itself, or the listener a rule belongs to. */
  readonly listenerArn: string;
  /** `app/<name>/<id>`, the ALB CloudWatch `LoadBalancer` dimension. */
  readonly loadBalancerDimension: string;
  readonly region: string;
  readonly accountId: string;
}

export type Platform = 'ec2' | 'ecs' | 'eks';

interface TargetBase {
  readonly name: string;
  readonly targetGroupArn: string;
  /** `targetgroup/<name>/<id>`, the ALB CloudWatch `TargetGroup` dimension. */
  readonly targetGroupDimension: string;
}
export interface Ec2Target extends TargetBase {
  readonly platform: 'ec2';
  readonly autoScalingGroup?: string;
}
export interface EcsTarget extends TargetBase {
  readonly platform: 'ecs';
  readonly cluster: string;
  readonly service: string;
}
export interface EksTarget extends TargetBase {
  readonly platform: 'eks';
  readonly cluster: string;
  readonly nodegroups: readonly string[];
  readonly kubernetes?: KubernetesWorkloadRef;
}

/** The workload behind an EKS target group, read through the Kubernetes API. */
export interface KubernetesWorkloadRef {
  readonly namespace: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly name: string;
  readonly targetGroupBinding?: string;
}
export type Target = Ec2Target | EcsTarget | EksTarget;

export interface ResolvedStep {
  /** 0-based position in `steps`. */
  readonly index: number;
  /** Percent per target name; every plan target is present; sums to 100. */
  readonly weights: Weights;
  readonly bakeSeconds: number;
  /** Evidence-based bake (`bake: { min, max }`): the step may end after this once the judge is confident; `bakeSeconds` is the max. */
  readonly minBakeSeconds?: number;
  /** A human must approve before this step's weights are written. */
  readonly approval: boolean;
}

export interface Gates {
  readonly minHealthyTargets: number;
  readonly errorRate?: {
    readonly maxPercent: number;
    readonly maxRatioToSource?: number;
    readonly minRequests: number;
  };
  readonly latencyP99?: {
    readonly maxMs: number;
    readonly maxRatioToSource?: number;
    readonly minRequests: number;
  };
  readonly alarms: readonly string[];
  readonly probe?: ProbeGate;
  /** Percent chance per cutover of halting a destination as good as asked; default 1. */
  readonly falseAlarmPercent?: number;
  /** Longest wait after a bake for its metrics to be published; default 240 s. */
  readonly settleSeconds?: number;
  readonly inconclusive: { readonly maxConsecutive: number; readonly then: 'fail' | 'pause' };
  /** Requests served per target group against the weights written (issue 11); a failing gate when set. */
  readonly observedSplit?: ObservedSplitGate;
}

export interface ApprovalPolicy {
  /**
   * Percents on `to` before which a human approves; each matches the `to` share of a step (explicit
   * weight steps included). Steps may also ask for approval themselves: read `ResolvedStep.approval`.
   */
  readonly before: readonly number[];
  readonly timeoutSeconds: number;
  readonly onTimeout: 'rollback' | 'pause';
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export interface ChangeWindow {
  readonly timeZone: string;
  readonly days: readonly Weekday[];
  /** Local wall-clock times `HH:MM`; `between[0]` < `between[1]`. */
  readonly between: readonly [string, string];
}
