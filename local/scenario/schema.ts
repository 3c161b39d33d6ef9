import { z } from 'zod';
import { DURATION_PATTERN } from '#plan/duration';
import { ScenarioHooks, ScenarioSplitSkew } from './hooks-schema.ts';

/**
 * The rehearsal scenario (DESIGN.md §8): the simulated world a plan is rehearsed against and the
 * faults that hit it at virtual times. Strict like the plan — unknown keys are errors with a "did you
 * mean" hint — and every custom message starts with `allowed …` so problems read like the plan's:
 * `faults[1].set.errorPercnt: unknown field; allowed healthyTargets, errorPercent, p99Ms, ready`.
 *
 * Fields beyond the DESIGN contract (all optional): `startAt`, `metricsDelaySeconds`, `alarms`,
 * `registeredTargets` and `ready` per target, a list form of `approvals`, and the fault kinds
 * `alarm`, `abort`, `deleteTargetGroup` and `lambdaCrashAfterWrite`:
 *
 *   - { at: 20m, alarm: crawler-ecs-cpu-high, state: ALARM }
 *   - { at: 20m, abort: { by: alice, reason: customer complaints } }   # `cutover abort`: the lease's
 *       abortRequested flag; the next gate poll rolls back
 *   - { at: 20m, abort: { by: alice, reason: stuck, force: true } }    # `cutover abort --force`:
 *       StopExecution (ABORTED) mid-step; the safety net (status-change event, then 5-minute sweeps)
 *       restores the snapshot and releases the lease after the writers' grace period
 *   - { at: 20m, deleteTargetGroup: vm }   # the target group disappears (a teardown); the sandbox lets
 *       it go even while the router forwards to it, which AWS would refuse — the point is a snapshot
 *       that can no longer be written back (SnapshotUnrestorable)
 *   - { at: 10m, lambdaCrashAfterWrite: Shift, count: 1 }   # the next `count` invocations of the
 *       function do their work, then die (Step Functions sees Lambda.Unknown and retries)
 */

const allowed = (text: string) => ({ error: `allowed ${text}` });

const Duration = z
  .string(allowed('a duration such as 0s, 90s, 25m, 1h30m'))
  .regex(new RegExp(DURATION_PATTERN), allowed('a duration such as 0s, 90s, 25m, 1h30m'))
  .min(2, allowed('a duration such as 0s, 90s, 25m, 1h30m'));

/** An ALB target group holds at most 1,000 targets; a bigger world only makes the rehearsal crawl. */
const MAX_TARGETS = 1000;

const Count = (what: string) =>
  z
    .number(allowed(`a whole number of ${what} 0–${MAX_TARGETS}`))
    .int(allowed(`a whole number of ${what} 0–${MAX_TARGETS}`))
    .min(0, allowed(`a whole number of ${what} 0–${MAX_TARGETS}`))
    .max(
      MAX_TARGETS,
      allowed(`a whole number of ${what} 0–${MAX_TARGETS} (an ALB target group holds at most 1000)`),
    );

const ErrorPercent = z
  .number(allowed('a percent 0–100'))
  .min(0, allowed('a percent 0–100'))
  .max(100, allowed('a percent 0–100'));

const LatencyMs = z.number(allowed('milliseconds > 0')).positive(allowed('milliseconds > 0'));

export const ApprovalAnswer = z.enum(['approve', 'reject', 'timeout'], allowed('approve | reject | timeout'));
export const PauseAnswer = z.enum(['wait', 'resume', 'rollback'], allowed('wait | resume | rollback'));
export const AlarmState = z.enum(
  ['OK', 'ALARM', 'INSUFFICIENT_DATA'],
  allowed('OK | ALARM | INSUFFICIENT_DATA'),
);

const TargetWorld = z.strictObject({
  healthyTargets: Count('targets').optional(),
  registeredTargets: Count('targets').optional(),
  errorPercent: ErrorPercent.optional(),
  p99Ms: LatencyMs.optional(),
  ready: z.boolean(allowed('true or false')).optional(),
  // Additive (issue 15): target type, Kubernetes replicas, capacity per unit, scaling time.
  targetType: z
    .enum(['instance', 'ip'], allowed('instance | ip'))
    .optional()
    .describe(
      'The target group type (eks: instance for NodePort, ip for pods; default ec2 instance, others ip)',
    ),
  replicas: Count('replicas')
    .optional()
    .describe('eks with kubernetes: spec.replicas (default: healthyTargets)'),
  readyReplicas: Count('replicas')
    .optional()
    .describe('eks with kubernetes: ready replicas (default: replicas)'),
  capacityPerTarget: z
    .number(allowed('requests per second > 0'))
    .positive(allowed('requests per second > 0'))
    .optional()
    .describe('Requests per second one unit (target, task, pod) serves before latency and 5XX grow'),
  scaleSeconds: Count('seconds')
    .optional()
    .describe('Seconds from a scale-up request until the new units serve (default ecs 60, ec2 180, eks 30)'),
});

const TargetChange = z.strictObject({
  healthyTargets: Count('targets').optional(),
  errorPercent: ErrorPercent.optional(),
  p99Ms: LatencyMs.optional(),
  ready: z.boolean(allowed('true or false')).optional(),
});

const Weights = z.record(
  z.string(),
  z
    .number(allowed('an integer percent 0–100'))
    .int(allowed('an integer percent 0–100'))
    .min(0, allowed('an integer percent 0–100'))
    .max(100, allowed('an integer percent 0–100')),
  allowed('a mapping of target name → integer percent'),
);

export const TargetFault = z.strictObject({
  at: Duration,
  target: z.string(allowed('a target name of the plan')),
  set: TargetChange,
});
export const ApiFault = z.strictObject({
  at: Duration,
  api: z.string(allowed('an AWS API name such as ModifyListener')),
  error: z
    .string(allowed('an AWS error code such as ThrottlingException'))
    .regex(/^[A-Za-z][A-Za-z0-9.]*$/, allowed('an AWS error code such as ThrottlingException')),
  count: z
    .number(allowed('a whole number ≥ 1'))
    .int(allowed('a whole number ≥ 1'))
    .min(1, allowed('a whole number ≥ 1'))
    .optional(),
});
export const DriftFault = z.strictObject({ at: Duration, drift: Weights });
export const LeaseFault = z.strictObject({
  at: Duration,
  leaseHeldBy: z
    .string(allowed('the name of another execution'))
    .min(1, allowed('the name of another execution')),
});
export const AlarmFault = z.strictObject({
  at: Duration,
  alarm: z.string(allowed('an alarm name')).min(1, allowed('an alarm name')),
  state: AlarmState,
});

/** An operator's `cutover abort` (graceful: the lease flag) or `cutover abort --force` (StopExecution). */
export const AbortFault = z
  .strictObject({
    at: Duration,
    abort: z.strictObject({
      by: z.string(allowed('who asks, e.g. alice')).min(1, allowed('who asks, e.g. alice')),
      reason: z.string(allowed('why, in words')).min(1, allowed('why, in words')),
      force: z.boolean(allowed('true (StopExecution) or false (graceful, the default)')).optional(),
    }),
  })
  .describe(
    'An operator aborts at `at`: graceful (the lease flag `cutover abort` sets; the next gate poll rolls back) or, with force: true, StopExecution like `cutover abort --force` (the safety net then restores the snapshot)',
  );
export const DeleteTargetGroupFault = z
  .strictObject({
    at: Duration,
    deleteTargetGroup: z.string(allowed('a target name of the plan')),
  })
  .describe(
    "The plan target's target group is deleted at `at` (even while forwarded to, which AWS would refuse): a snapshot naming it can no longer be written back",
  );

/** Kubernetes replicas of an EKS target change: e.g. every pod stops being ready. */
export const DeploymentReplicasFault = z
  .strictObject({
    at: Duration,
    deploymentReplicas: z.string(allowed('a target name of the plan (an eks target with kubernetes)')),
    ready: Count('replicas').optional(),
    replicas: Count('replicas').optional(),
  })
  .describe('The workload of an eks target reports these ready (and desired) replicas from `at`');
/** A rollout starts: ECS deployment IN_PROGRESS, Kubernetes replicas not yet updated, an ASG instance refresh. */
export const RolloutInProgressFault = z
  .strictObject({
    at: Duration,
    rolloutInProgress: z.string(allowed('a target name of the plan')),
    for: Duration.optional(),
  })
  .describe('A rollout of the target is in progress from `at`, for `for` (default: until the end)');
/** Scale-ups of the target never start (no capacity to place them). */
export const ScaleFailsFault = z
  .strictObject({ at: Duration, scaleFails: z.string(allowed('a target name of the plan')) })
  .describe('From `at`, scale-ups of the target are accepted but the new units never serve');

/** The functions the local executor runs (Task states bound to a Lambda). */
export const LAMBDA_FUNCTIONS = [
  'Validate',
  'AcquireLease',
  'Snapshot',
  'Preflight',
  'NextWindow',
  'Shift',
  'Verify',
  'EvaluateGates',
  'Rollback',
  'Complete',
] as const;
export const LambdaCrashFault = z
  .strictObject({
    at: Duration,
    lambdaCrashAfterWrite: z.enum(LAMBDA_FUNCTIONS, allowed(LAMBDA_FUNCTIONS.join(' | '))),
    count: z
      .number(allowed('a whole number ≥ 1'))
      .int(allowed('a whole number ≥ 1'))
      .min(1, allowed('a whole number ≥ 1'))
      .optional(),
  })
  .describe(
    'From `at`, the next `count` (default 1) invocations of the function do their work and then die: Step Functions sees Lambda.Unknown and applies the state’s Retry/Catch',
  );

/** Which key tells one fault kind from another (a fault has exactly one of them). */
export const FAULT_KINDS = {
  target: TargetFault,
  api: ApiFault,
  drift: DriftFault,
  leaseHeldBy: LeaseFault,
  alarm: AlarmFault,
  abort: AbortFault,
  deleteTargetGroup: DeleteTargetGroupFault,
  lambdaCrashAfterWrite: LambdaCrashFault,
  deploymentReplicas: DeploymentReplicasFault,
  rolloutInProgress: RolloutInProgressFault,
  scaleFails: ScaleFailsFault,
} as const;

/** The scenario document without `faults`, which are checked one by one (see load.ts). */
export const ScenarioSchema = z.strictObject({
  plan: z
    .string(allowed('the path of the plan this scenario is written for, e.g. examples/vm-to-ecs.yaml'))
    .min(1, allowed('a plan path'))
    .optional()
    .describe(
      'The plan this scenario is written for (default examples/vm-to-ecs.yaml): bench/run.ts pairs them; `cutover rehearse` runs whatever plan it is given',
    ),
  seed: z
    .number(allowed('an integer ≥ 0'))
    .int(allowed('an integer ≥ 0'))
    .min(0, allowed('an integer ≥ 0'))
    .optional(),
  startAt: z
    .string(allowed('an ISO-8601 instant with offset, e.g. 2026-03-02T10:00:00+09:00'))
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})$/,
      allowed('an ISO-8601 instant with offset, e.g. 2026-03-02T10:00:00+09:00'),
    )
    .optional(),
  requestsPerSecond: z.number(allowed('a number ≥ 0')).min(0, allowed('a number ≥ 0')).optional(),
  healthCheck: z
    .strictObject({
      intervalSeconds: z
        .number(allowed('an integer 5–300'))
        .int(allowed('an integer 5–300'))
        .min(5, allowed('an integer 5–300'))
        .max(300, allowed('an integer 5–300'))
        .optional(),
      unhealthyThreshold: z
        .number(allowed('an integer 2–10'))
        .int(allowed('an integer 2–10'))
        .min(2, allowed('an integer 2–10'))
        .max(10, allowed('an integer 2–10'))
        .optional(),
      healthyThreshold: z
        .number(allowed('an integer 2–10'))
        .int(allowed('an integer 2–10'))
        .min(2, allowed('an integer 2–10'))
        .max(10, allowed('an integer 2–10'))
        .optional(),
    })
    .optional(),
  metricsDelaySeconds: z
    .strictObject({
      min: z.number(allowed('seconds ≥ 0')).int(allowed('whole seconds ≥ 0')).min(0, allowed('seconds ≥ 0')),
      max: z.number(allowed('seconds ≥ 0')).int(allowed('whole seconds ≥ 0')).min(0, allowed('seconds ≥ 0')),
    })
    .optional(),
  targets: z.record(z.string(), TargetWorld, allowed('a mapping of target name → target world')).optional(),
  initialWeights: Weights.optional(),
  approvals: z
    .union(
      [ApprovalAnswer, z.array(ApprovalAnswer, allowed('a list of approve | reject | timeout'))],
      allowed('approve | reject | timeout, or a list of them (one per approval)'),
    )
    .optional(),
  pauses: PauseAnswer.optional(),
  alarms: z
    .record(z.string(), AlarmState, allowed('a mapping of alarm name → OK | ALARM | INSUFFICIENT_DATA'))
    .optional(),
  faults: z.array(z.unknown(), allowed('a list of faults')).optional(),
  // Additive (issue 11): how lifecycle hooks answer, and an ALB split other than the weights.
  hooks: ScenarioHooks.optional(),
  splitSkew: ScenarioSplitSkew.optional(),
});

export type ScenarioDocument = z.infer<typeof ScenarioSchema>;
