import { settleSeconds } from '#core/judge/budget';
import { type StepExpectation, stepExpectation } from '#core/judge/expectation';
import type { Weights } from '#core/weights';
import { formatDuration } from './duration.ts';
import type { ResolvedPlan } from './types.ts';

/**
 * What detection time depends on outside the plan. The defaults are AWS's: an ALB target group
 * checks health every 30 s and marks a target unhealthy after 2 failures; ALB metrics come in 60 s
 * periods and appear in CloudWatch about a minute after the period closes.
 */
export interface DetectionAssumptions {
  readonly healthCheckIntervalSeconds: number;
  readonly unhealthyThreshold: number;
  readonly metricPeriodSeconds: number;
  readonly metricPublicationDelaySeconds: number;
}

export const DEFAULT_DETECTION_ASSUMPTIONS: DetectionAssumptions = {
  healthCheckIntervalSeconds: 30,
  unhealthyThreshold: 2,
  metricPeriodSeconds: 60,
  metricPublicationDelaySeconds: 180,
};

/** The soonest a minute can be read: ALB publishes it at least a minute after it closes. */
const MIN_PUBLICATION_DELAY_SECONDS = 60;

export interface SummaryStep {
  /** 0-based, as in `steps[i]` of the plan. */
  readonly index: number;
  readonly weights: Weights;
  readonly bakeSeconds: number;
  /** Set for `bake: { min, max }`. */
  readonly minBakeSeconds?: number;
  readonly approval: boolean;
  /** Set when the plan states `expectedTraffic`: how long the 5XX judge needs at it. */
  readonly judge?: StepExpectation;
}

/** One way a failing destination shows up, and how long it takes at worst. */
export interface DetectionPath {
  readonly cause: 'unhealthy-targets' | 'metrics';
  readonly seconds: number;
  /** e.g. `30s health check × 2 failures + 15s until the next gate poll`. */
  readonly explanation: string;
}

export interface PlanSummary {
  readonly steps: readonly SummaryStep[];
  /**
   * Sum of the (shortest) bakes plus, with sequential gates, the least settling per step for the
   * bake's last minute to be published: the shortest time the cutover can take.
   */
  readonly minimumDurationSeconds: number;
  /** Longest a step settles after its bake; 0 without sequential gates. */
  readonly settleSeconds: number;
  readonly detection: {
    /** The slowest detection path: the worst-case time to notice a failed destination. */
    readonly worstCaseSeconds: number;
    readonly paths: readonly DetectionPath[];
    /** What the numbers assume, in words; printed with them. */
    readonly assumptions: readonly string[];
    /** With too little traffic the metric gates stay inconclusive; this long until `action` (the plan's `then`) applies. */
    readonly inconclusive: { readonly seconds: number; readonly action: 'fail' | 'pause' };
  };
}

/** The steps table, the minimum duration and the worst-case detection time of a plan. */
export function planSummary(
  plan: ResolvedPlan,
  assumptions: DetectionAssumptions = DEFAULT_DETECTION_ASSUMPTIONS,
): PlanSummary {
  const traffic = plan.expectedTraffic;
  const steps = plan.steps.map(({ index, weights, bakeSeconds, minBakeSeconds, approval }) => ({
    index,
    weights,
    bakeSeconds,
    ...(minBakeSeconds === undefined ? {} : { minBakeSeconds }),
    approval,
    ...(traffic === undefined ? {} : { judge: stepExpectation(plan, index, traffic) }),
  }));
  const sequential = plan.gates.errorRate !== undefined || plan.gates.latencyP99 !== undefined;
  const settleLeast = sequential ? MIN_PUBLICATION_DELAY_SECONDS : 0;
  const poll = plan.intervalSeconds;
  const health = assumptions.healthCheckIntervalSeconds * assumptions.unhealthyThreshold + poll;
  const paths: DetectionPath[] = [
    {
      cause: 'unhealthy-targets',
      seconds: health,
      explanation:
        `destination targets failing health checks: ${formatDuration(assumptions.healthCheckIntervalSeconds)} health check × ` +
        `${assumptions.unhealthyThreshold} failures until ALB marks them unhealthy + ${formatDuration(poll)} until the next gate poll`,
    },
  ];
  if (plan.gates.errorRate !== undefined || plan.gates.latencyP99 !== undefined) {
    const metrics = assumptions.metricPeriodSeconds + assumptions.metricPublicationDelaySeconds + poll;
    const what = [plan.gates.errorRate && '5XX spike', plan.gates.latencyP99 && 'p99 latency rise']
      .filter(Boolean)
      .join(' or ');
    paths.push({
      cause: 'metrics',
      seconds: metrics,
      explanation:
        `${what} seen only in ALB metrics: ${formatDuration(assumptions.metricPeriodSeconds)} metric period + ` +
        `${formatDuration(assumptions.metricPublicationDelaySeconds)} publication delay + ${formatDuration(poll)} until the next gate poll ` +
        '(a failure many times the limit is judged on its first minute; one near the limit needs more minutes of evidence: set expectedTraffic to see how many per step)',
    });
  }
  const minRequests = Math.min(
    plan.gates.errorRate?.minRequests ?? Number.POSITIVE_INFINITY,
    plan.gates.latencyP99?.minRequests ?? Number.POSITIVE_INFINITY,
  );
  const assumptionsText = [
    `ALB health check every ${formatDuration(assumptions.healthCheckIntervalSeconds)}, unhealthy after ${assumptions.unhealthyThreshold} failures (the AWS defaults; yours may differ)`,
    `ALB metrics in ${formatDuration(assumptions.metricPeriodSeconds)} periods, published up to ${formatDuration(assumptions.metricPublicationDelaySeconds)} after a period closes`,
    `the 5XX and p99 judge halts a healthy cutover with at most ${plan.gates.falseAlarmPercent ?? 1}% chance (the plan's false-alarm budget, split across steps and tests)`,
    Number.isFinite(minRequests)
      ? `the destination gets ≥ ${minRequests} requests published in each step (until then the 5XX and p99 gates are inconclusive)`
      : 'no metric gates: only health checks (and alarms, on their own schedule) can stop a bad step',
    'CloudWatch alarms add their own period × evaluation periods; not included',
  ];
  return {
    steps,
    minimumDurationSeconds: steps.reduce(
      (sum, step) => sum + (step.minBakeSeconds ?? step.bakeSeconds) + settleLeast,
      0,
    ),
    settleSeconds: sequential ? settleSeconds(plan) : 0,
    detection: {
      worstCaseSeconds: Math.max(...paths.map((p) => p.seconds)),
      paths,
      assumptions: assumptionsText,
      inconclusive: {
        seconds: plan.gates.inconclusive.maxConsecutive * poll,
        action: plan.gates.inconclusive.then,
      },
    },
  };
}
