import { z } from 'zod';
import { DURATION_PATTERN, isDuration, parseDuration } from './duration.ts';

/** Step Functions executions last at most a year; no single duration in a plan may exceed that. */
export const MAX_DURATION_SECONDS = 366 * 86_400;

/**
 * The plan document's shape (DESIGN.md §4) as a strict zod schema: every object rejects unknown
 * keys. Shape only — cross-field rules (weights summing to 100, ARNs in the router's account, …)
 * live in the resolver, which reports every problem at once. The JSON Schema in `schema/` is
 * generated from this, so descriptions here are what editors show.
 *
 * Custom messages start with `allowed …`: the problem and the offending value are added by
 * `zodIssueToProblems`, giving `path: problem; got X; allowed Y`.
 */

const allowed = (text: string) => ({ error: `allowed ${text}` });

export const PLAN_NAME_PATTERN = /^[a-z0-9-]{1,64}$/;
export const TARGET_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
export const CLOCK_TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
/** An ISO-8601 instant with seconds optional and a mandatory offset (`Z` or `±HH:MM`). */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const Duration = z
  .string(allowed('a duration such as 30s, 10m, 1h30m, 2d'))
  .regex(new RegExp(DURATION_PATTERN), allowed('a duration such as 30s, 10m, 1h30m, 2d'))
  .min(2, allowed('a duration such as 30s, 10m, 1h30m, 2d'))
  // Only for well-formed text (the regex reports the rest): the total must fit an execution.
  .refine(
    (text) => !isDuration(text) || parseDuration(text) <= MAX_DURATION_SECONDS,
    allowed('a duration up to 366d'),
  );

const Percent = z
  .number(allowed('an integer percent 0–100'))
  .int(allowed('an integer percent 0–100'))
  .min(0, allowed('an integer percent 0–100'))
  .max(100, allowed('an integer percent 0–100'));

const NonEmptyName = (what: string) =>
  z
    .string(allowed(`a ${what} name`))
    .min(1, allowed(`a non-empty ${what} name`))
    .max(255, allowed('at most 255 characters'));

/** Kubernetes object names (RFC 1123 labels/subdomains): lower-case alphanumerics, `-` and `.`. */
export const KUBERNETES_NAME_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

const KubernetesName = (what: string) =>
  z
    .string(allowed(`a Kubernetes ${what} name`))
    .regex(KUBERNETES_NAME_PATTERN, allowed(`a Kubernetes ${what} name: lower-case a-z, 0-9, '-', '.'`));

const KubernetesWorkload = z
  .strictObject({
    namespace: KubernetesName('namespace').meta({ description: 'The namespace of the workload.' }),
    deployment: KubernetesName('Deployment').optional().meta({
      description: 'The Deployment whose rollout must be complete (exactly one of deployment / statefulSet).',
    }),
    statefulSet: KubernetesName('StatefulSet').optional().meta({
      description:
        'The StatefulSet whose rollout must be complete (exactly one of deployment / statefulSet).',
    }),
    targetGroupBinding: KubernetesName('TargetGroupBinding').optional().meta({
      description:
        'The AWS Load Balancer Controller TargetGroupBinding that must point at this target group and be reconciled.',
    }),
  })
  .meta({ description: 'Kubernetes readiness: rollout complete, ready replicas, TargetGroupBinding.' });

export const PlanTargetSchema = z
  .strictObject({
    platform: z
      .enum(['ec2', 'ecs', 'eks'], allowed('ec2 | ecs | eks'))
      .meta({ description: 'Where this target runs.' }),
    targetGroupArn: z
      .string(allowed('a target group ARN'))
      .meta({ description: 'The ALB target group that serves this target (one target group per target).' }),
    autoScalingGroup: NonEmptyName('Auto Scaling group')
      .optional()
      .meta({ description: 'ec2 only: the Auto Scaling group whose instances must be InService.' }),
    cluster: NonEmptyName('cluster')
      .optional()
      .meta({ description: 'ecs and eks (required): the cluster name.' }),
    service: NonEmptyName('service')
      .optional()
      .meta({ description: 'ecs (required): the ECS service name.' }),
    nodegroups: z.array(NonEmptyName('nodegroup'), allowed('a list of nodegroup names')).optional().meta({
      description:
        'eks only: managed nodegroups that must be ACTIVE (checked for instance targets; IP targets on Fargate or Karpenter need none).',
    }),
    kubernetes: KubernetesWorkload.optional().meta({
      description:
        'eks only: the workload whose pods serve this target group, read through the Kubernetes API.',
    }),
  })
  .meta({ description: 'One place the service runs, bound to exactly one ALB target group.' });

const Weights = z
  .record(z.string(), Percent, allowed('a mapping of target name → integer percent'))
  .meta({ description: 'Percent per target name; list every target; the values sum to 100.' });

const EvidenceBake = z
  .strictObject({
    min: Duration.meta({ description: 'Hold at least this long.' }),
    max: Duration.meta({ description: 'Hold at most this long.' }),
  })
  .meta({
    description:
      'Evidence-based bake: the step ends after `min` as soon as the judge is confident the destination is no worse than the gates allow, and at `max` otherwise.',
  });

/** A fixed hold, or `{ min, max }` for a bake that ends early on evidence. */
const Bake = z.union([Duration, EvidenceBake], allowed('a duration such as 10m, or { min: 5m, max: 30m }'));

const StepObject = z
  .strictObject({
    percent: Percent.optional().meta({ description: 'Percent on `to` (the rest stays on `from`).' }),
    weights: Weights.optional(),
    bake: Bake.optional().meta({ description: 'How long to hold this step (overrides the plan bake).' }),
    approval: z
      .boolean(allowed('true or false'))
      .optional()
      .meta({ description: 'A human approves before this step is written.' }),
  })
  .meta({ description: 'One step: exactly one of percent / weights, with optional bake and approval.' });

const Step = z.union(
  [Percent, StepObject],
  allowed('a percent on `to` (0–100) or a step mapping {percent | weights, bake, approval}'),
);

const Threshold = (what: string) => z.number(allowed(`a ${what}`)).positive(allowed(`a ${what} > 0`));

const MinRequests = z
  .number(allowed('an integer ≥ 1'))
  .int(allowed('an integer ≥ 1'))
  .min(1, allowed('an integer ≥ 1 (with 0, no traffic would count as a pass)'))
  .optional()
  .meta({
    description: 'The gate is inconclusive until this many requests of the step are published. Default 100.',
    default: 100,
  });

const Gates = z
  .strictObject({
    minHealthyTargets: z
      .number(allowed('an integer ≥ 1'))
      .int(allowed('an integer ≥ 1'))
      .min(1, allowed('an integer ≥ 1'))
      .optional()
      .meta({
        description: 'Healthy targets the destination needs while it has weight. Default 1.',
        default: 1,
      }),
    errorRate: z
      .strictObject({
        maxPercent: z
          .number(allowed('a percent 0–100'))
          .min(0, allowed('a percent 0–100'))
          .max(100, allowed('a percent 0–100'))
          .meta({ description: 'Highest acceptable 5XX share of requests on the destination, in percent.' }),
        maxRatioToSource: Threshold('ratio')
          .optional()
          .meta({ description: 'Highest acceptable destination/source error-rate ratio.' }),
        minRequests: MinRequests,
      })
      .optional()
      .meta({ description: 'ALB per-target-group 5XX / requests.' }),
    latencyP99: z
      .strictObject({
        maxMs: Threshold('number of milliseconds').meta({
          description: 'Highest acceptable p99 TargetResponseTime, ms.',
        }),
        maxRatioToSource: Threshold('ratio')
          .optional()
          .meta({ description: 'Highest acceptable destination/source p99 ratio.' }),
        minRequests: MinRequests,
      })
      .optional()
      .meta({ description: 'ALB TargetResponseTime p99.' }),
    alarms: z
      .array(NonEmptyName('CloudWatch alarm'), allowed('a list of CloudWatch alarm names'))
      .optional()
      .meta({ description: 'CloudWatch alarms that must not be in ALARM.' }),
    falseAlarmPercent: z
      .number(allowed('a percent > 0 and ≤ 20'))
      .positive(allowed('a percent > 0 and ≤ 20'))
      .max(20, allowed('a percent > 0 and ≤ 20'))
      .optional()
      .meta({
        description:
          'The acceptable chance, per cutover, of rolling back a destination as good as the gates ask (split across steps and tests). Default 1.',
        default: 1,
      }),
    settle: Duration.optional().meta({
      description:
        'After a bake, how long to wait for the ALB metrics covering it to be published and judged before the step is promoted. Default 4m.',
      default: '4m',
    }),
    inconclusive: z
      .strictObject({
        maxConsecutive: z
          .number(allowed('an integer ≥ 1'))
          .int(allowed('an integer ≥ 1'))
          .min(1, allowed('an integer ≥ 1'))
          .optional()
          .meta({ default: 8 }),
        // biome-ignore lint/suspicious/noThenProperty: the plan contract (DESIGN.md §4) names this field `then`
        then: z.enum(['fail', 'pause'], allowed('fail | pause')).optional().meta({ default: 'pause' }),
      })
      .optional()
      .meta({
        description: 'What to do after this many inconclusive polls in a row. Default 8, then pause.',
      }),
  })
  .meta({ description: 'Health gates polled every interval during each bake.' });

const Weekday = z.enum(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  allowed('mon | tue | wed | thu | fri | sat | sun'),
);
const ClockTime = z
  .string(allowed('a time HH:MM'))
  .regex(CLOCK_TIME_PATTERN, allowed('a 24-hour time HH:MM, e.g. 09:30'));

export const PlanDocumentSchema = z
  .strictObject({
    name: z
      .string(allowed('1–64 characters a-z, 0-9, -'))
      .regex(PLAN_NAME_PATTERN, allowed('1–64 characters a-z, 0-9, -'))
      .meta({ description: 'Names executions and leases: 1–64 characters a-z, 0-9, -.' }),
    router: z
      .strictObject({
        listenerArn: z
          .string(allowed('a listener ARN'))
          .optional()
          .meta({ description: 'The listener whose default forward action holds the weights.' }),
        ruleArn: z
          .string(allowed('a listener-rule ARN'))
          .optional()
          .meta({ description: 'The listener rule whose forward action holds the weights.' }),
      })
      .meta({ description: 'Where the weights live: exactly one of listenerArn / ruleArn.' }),
    targets: z
      .record(
        z.string().regex(TARGET_NAME_PATTERN, allowed('target names [a-z][a-z0-9-]*, at most 32 characters')),
        PlanTargetSchema,
        allowed('a mapping of target name → target'),
      )
      .meta({ description: '2–5 targets (an ALB forward action holds at most 5 target groups).' }),
    from: z.string(allowed('a target name')).meta({ description: 'The target traffic leaves.' }),
    to: z.string(allowed('a target name')).meta({ description: 'The target traffic moves to.' }),
    steps: z
      .array(Step, allowed('a list of steps'))
      .min(1, allowed('1–20 steps'))
      .max(20, allowed('1–20 steps (longer plans outgrow the execution history; split them)'))
      .meta({ description: 'Percent on `to` per step, e.g. [1, 5, 25, 50, 100]; or step mappings.' }),
    bake: Bake.optional().meta({
      description: 'Default hold per step, or { min, max } to end a step early on evidence. Default 10m.',
      default: '10m',
    }),
    interval: Duration.optional().meta({
      description: 'Gate polling interval. Default 15s.',
      default: '15s',
    }),
    gates: Gates.optional(),
    expectedTraffic: z
      .strictObject({
        requestsPerSecond: Threshold('number of requests per second'),
        errorPercent: z
          .number(allowed('a percent 0–100'))
          .min(0, allowed('a percent 0–100'))
          .max(100, allowed('a percent 0–100'))
          .optional()
          .meta({ description: "The source's usual 5XX percent. Default 0.1." }),
      })
      .optional()
      .meta({
        description:
          'The traffic the router usually carries: `cutover validate` shows, per step, how long the judge needs at it.',
      }),
    retreat: z
      .strictObject({
        minHealthyTargets: z
          .number(allowed('an integer ≥ 0'))
          .int(allowed('an integer ≥ 0'))
          .min(0, allowed('an integer ≥ 0'))
          .optional()
          .meta({ default: 1 }),
        sourceMayBeDead: z
          .string(allowed('the name of the target this plan leaves (its `from`)'))
          .optional()
          .meta({
            description:
              'Emergency retreat: names the target the plan leaves (must equal `from`) to say it may have no healthy targets. ' +
              'Preflight and the gates then ask nothing of it, and a rollback that finds it dead holds the weights and pages.',
          }),
      })
      .optional()
      .meta({
        description: 'Capacity the way back (the snapshot targets) must keep. Default 1 healthy target.',
      }),
    approval: z
      .strictObject({
        before: z
          .array(Percent, allowed('a list of percents on `to`'))
          .optional()
          .meta({ description: 'Percents on `to` (matching steps) before which a human approves.' }),
        timeout: Duration.optional().meta({
          description: 'How long to wait for a human. Default 4h.',
          default: '4h',
        }),
        onTimeout: z
          .enum(['rollback', 'pause'], allowed('rollback | pause'))
          .optional()
          .meta({ description: 'What an unanswered approval does. Default rollback.', default: 'rollback' }),
      })
      .optional(),
    onFailure: z.enum(['rollback', 'pause'], allowed('rollback | pause')).optional().meta({
      description: 'rollback (default) restores the snapshot; pause holds the weights for a human.',
      default: 'rollback',
    }),
    window: z
      .strictObject({
        timeZone: z
          .string(allowed('an IANA time zone, e.g. Asia/Tokyo'))
          .meta({ description: 'IANA time zone.' }),
        days: z
          .array(Weekday, allowed('a list of weekdays'))
          .min(1, allowed('at least one weekday'))
          .optional()
          .meta({ description: 'Weekdays when steps may start. Default every day.' }),
        between: z
          .tuple([ClockTime, ClockTime], allowed('["HH:MM", "HH:MM"], start before end'))
          .optional()
          .meta({ description: 'Local start and end time, e.g. ["10:00", "17:00"]. Default the whole day.' }),
      })
      .optional()
      .meta({ description: 'Steps start only inside this change window.' }),
    notAfter: z
      .string(allowed('an ISO-8601 instant with offset, e.g. 2026-12-01T09:00:00+09:00'))
      .regex(INSTANT_PATTERN, allowed('an ISO-8601 instant with offset, e.g. 2026-12-01T09:00:00+09:00'))
      .optional()
      .meta({ description: 'Refuse to start after this instant (schedules can be delivered late).' }),
    capacity: z
      .strictObject({
        headroom: z
          .number(allowed('a ratio ≥ 1, e.g. 1.5'))
          .min(1, allowed('a ratio ≥ 1, e.g. 1.5 (below 1 no destination could ever take the source load)'))
          .max(10, allowed('a ratio ≤ 10'))
          .optional()
          .meta({
            description:
              'A step may put at most this many times the load per target the source carried before the cutover (at today’s request rate) on each healthy destination target. Default 1.5.',
            default: 1.5,
          }),
        scaleAhead: z.boolean(allowed('true or false')).optional().meta({
          description:
            'Raise the destination (ECS desiredCount, ASG desired capacity, Deployment/StatefulSet replicas) to what the next step needs, wait for it, then shift. Never scales anything down. Default false.',
          default: false,
        }),
      })
      .optional()
      .meta({
        description:
          'Capacity follows the weight: before each write, refuse a step that would overload the destination (or scale it ahead).',
      }),
    rollback: z
      .strictObject({
        steps: z
          .array(Percent, allowed('a list of percents on `to`, descending, e.g. [50, 25, 0]'))
          .min(1, allowed('1–10 percents on `to`'))
          .max(10, allowed('1–10 percents on `to`'))
          .meta({
            description:
              'Percents on `to` on the way back, strictly descending; the last is 0 (written or implied): the snapshot itself. Only the steps below the share `to` holds when the rollback starts are used.',
          }),
        bake: Duration.optional().meta({
          description: 'How long each rollback step is held while the gates watch the source. Default 1m.',
          default: '1m',
        }),
      })
      .optional()
      .meta({
        description:
          'Stepped rollback (opt-in): move traffic back in steps when the source cannot take everything at once. Without it a rollback restores the snapshot in one write.',
      }),
    kind: z.enum(['cutover', 'retreat-drill'], allowed('cutover | retreat-drill')).optional().meta({
      description:
        'retreat-drill: `from` is where traffic runs now, `to` the old platform; the steps send a share back to `to` and the drill then returns every weight to `from`, proving the way back. Default cutover.',
      default: 'cutover',
    }),
  })
  .meta({
    title: 'Cutover plan',
    description: 'Moves traffic between EC2, ECS and EKS targets behind one ALB in small, reversible steps.',
  });

/** The plan as written, after the shape check (durations still text, defaults not applied). */
export type PlanDocument = z.infer<typeof PlanDocumentSchema>;
export type PlanDocumentTarget = z.infer<typeof PlanTargetSchema>;
export type PlanDocumentStep = z.infer<typeof Step>;
