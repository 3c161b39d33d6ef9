import type { Target } from '../plan/types.ts';

/** Whether the platform behind a target can take traffic, and why not. */
export interface Readiness {
  readonly target: string;
  readonly platform: Target['platform'];
  readonly ready: boolean;
  /** Human-readable reasons it is not ready (empty when ready), e.g. `ecs service main/crawler: 2 of 3 tasks running`. */
  readonly reasons: readonly string[];
}

/** One implementation per platform (EC2/ASG, ECS, EKS), chosen by one factory from the plan target. */
export interface TargetPlatform {
  readiness(): Promise<Readiness>;
}
