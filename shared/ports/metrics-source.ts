/** One published 60 s period of one target group. */
export interface MinuteMetrics {
  /** Epoch ms at which the period starts (a multiple of 60 000). */
  readonly start: number;
  readonly requests: number;
  /** 0 when ALB published requests but no 5XX datapoint for the minute. */
  readonly errors5xx: number;
  /** p99 of TargetResponseTime in the minute, ms; null when not published. */
  readonly p99Ms: number | null;
  /** p95 of TargetResponseTime in the minute, ms; null when not published. */
  readonly p95Ms: number | null;
}

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
  /** Every published minute with requests, oldest first: what the judge accumulates. */
  readonly minutes: readonly MinuteMetrics[];
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
