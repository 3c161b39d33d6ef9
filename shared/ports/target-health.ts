/** Target health of one target group, counted by ALB state (DescribeTargetHealth). */
export interface TargetHealthCounts {
  readonly targetGroupArn: string;
  readonly healthy: number;
  readonly unhealthy: number;
  readonly initial: number;
  readonly draining: number;
  readonly unused: number;
  readonly unavailable: number;
  /** Distinct `Reason: Description` strings of targets that are not healthy, for messages. */
  readonly reasons: readonly string[];
}

export interface TargetHealthSource {
  health(targetGroupArn: string): Promise<TargetHealthCounts>;
}
