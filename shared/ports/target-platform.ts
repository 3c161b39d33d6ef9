import type { Target } from '#plan/types';

/** Whether the platform behind a target can take traffic, and why not. */
export interface Readiness {
  readonly target: string;
  readonly platform: Target['platform'];
  readonly ready: boolean;
  /** Human-readable reasons it is not ready (empty when ready), e.g. `ecs service main/crawler: 2 of 3 tasks running`. */
  readonly reasons: readonly string[];
  /** The target group's type (DescribeTargetGroups), where the platform read it. */
  readonly targetType?: TargetType;
}

/** ALB target types Cutover meets: `instance` (EC2, or EKS NodePort) and `ip` (awsvpc tasks, pods). */
export type TargetType = 'instance' | 'ip';

/**
 * How much of the service a target can carry right now, in units that each take an equal share of
 * its traffic: healthy targets, except behind EKS NodePort instance targets, where every node passes
 * its health check while one pod answers (`externalTrafficPolicy: Cluster`) and the ready pods are
 * the capacity.
 */
export interface Capacity {
  readonly units: number;
  /** What a unit is, for messages: `targets`, `tasks`, `pods`, `instances`. */
  readonly unit: string;
}

/** What a scale-ahead request did. `to` ≥ `from` always: scale ahead never lowers anything. */
export interface ScaleResult {
  readonly subject: string;
  readonly from: number;
  readonly to: number;
}

/** One implementation per platform (EC2/ASG, ECS, EKS), chosen by one factory from the plan target. */
export interface TargetPlatform {
  readiness(): Promise<Readiness>;
  /** Capacity right now (healthy units). */
  capacity?(): Promise<Capacity>;
  /** Raises the desired units (ECS desiredCount, ASG desired, replicas) to at least `units`; never lowers. */
  scaleTo?(units: number): Promise<ScaleResult>;
}
