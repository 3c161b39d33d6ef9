/**
 * ALB metrics for one target group over a window of whole 60 s periods. `null` means CloudWatch
 * returned no datapoints (no requests flowed, or data not yet published) — never read it as zero.
 */
export interface TargetGroupMetrics {
  readonly targetGroupArn: string;
  readonly requests: number | null;
  readonly errors5xx: number | null;
  /** p99 of TargetResponseTime over the window, in milliseconds. */
  readonly p99Ms: number | null;
}

export interface MetricsQuery {
  /** `app/<name>/<id>` */
  readonly loadBalancerDimension: string;
  /** Target group ARN → `targetgroup/<name>/<id>` dimension. */
  readonly targetGroups: Readonly<Record<string, string>>;
  readonly start: Date;
  readonly end: Date;
}

export interface MetricsSource {
  /** One GetMetricData call for every target group in the query. */
  albMetrics(query: MetricsQuery): Promise<Readonly<Record<string, TargetGroupMetrics>>>;
}
