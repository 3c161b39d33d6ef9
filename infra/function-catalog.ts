import { EVALUATE_GATES_TIMEOUT_SECONDS } from '#core/execution-budget';

/**
 * The thirteen Lambda functions of a cutover and what each may touch. One row per folder under
 * `functions/`; the construct builds a function, a role and a log group from each row, so the
 * permissions of a function are read here in one place (and asserted in test/infra).
 */

/** AWS reads a function needs besides its own table and event bus. */
export type ReadAccess =
  /** ELBv2 Describe* (listeners, rules, target groups, target health). */
  | 'router'
  /** ECS services, EKS clusters and nodegroups, Auto Scaling groups (preflight). */
  | 'platforms'
  /** CloudWatch GetMetricData (ALB metrics for the gates). */
  | 'metrics'
  /** CloudWatch DescribeAlarms (gate `alarms`, preflight). */
  | 'alarms';

export interface FunctionSpec {
  /** Folder under `functions/`; also the construct id stem. */
  readonly name: string;
  /** The ASL placeholder (without `${}`) that receives this function's ARN; none for safety-net. */
  readonly placeholder?: string;
  /**
   * Lambda timeout. It must stay below the Task's TimeoutSeconds in the ASL (a test checks), so
   * Step Functions never gives up on a Lambda that is still running and may still write.
   */
  readonly timeoutSeconds: number;
  /** May call ModifyListener / ModifyRule on the configured routers; gets reserved concurrency. */
  readonly writer: boolean;
  readonly reads: readonly ReadAccess[];
  /** Pure functions (validate, next-window) get neither the table nor the event bus. */
  readonly stateless?: boolean;
  /** False for the functions that never publish a `cutover` event: no events:PutEvents. Default true. */
  readonly emitsEvents?: boolean;
  /** states:DescribeExecution on this state machine's executions (the safety net). */
  readonly describesExecutions?: boolean;
  /**
   * Gets the configured routers (env `CUTOVER_ROUTERS`), to refuse a plan for any other router
   * before anything is written (validate).
   */
  readonly checksRouters?: boolean;
  /** Raises destination capacity before a step (opt-in `scaleAhead` of the construct): the only platform write. */
  readonly scalesAhead?: boolean;
  /**
   * Reads workloads through a cluster's Kubernetes API (EKS readiness, ready pods for capacity):
   * placed in the construct's `vpc` when one is given, so a private-only endpoint is reachable.
   */
  readonly readsKubernetes?: boolean;
  /** Creates the plan's test route (CreateRule on the configured routers' listeners). */
  readonly createsTestRoutes?: boolean;
  /** Removes test routes (DeleteRule on rules under those listeners). */
  readonly deletesTestRoutes?: boolean;
  /** Sends the synthetic probe through the load balancer: placed in the construct's `vpc` too (internal ALBs). */
  readonly probes?: boolean;
}

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'validate',
    placeholder: 'ValidateFunctionArn',
    timeoutSeconds: 20,
    writer: false,
    reads: [],
    stateless: true,
    checksRouters: true,
  },
  {
    name: 'acquire-lease',
    placeholder: 'AcquireLeaseFunctionArn',
    timeoutSeconds: 20,
    writer: false,
    reads: [],
  },
  {
    name: 'snapshot',
    placeholder: 'SnapshotFunctionArn',
    timeoutSeconds: 30,
    writer: false,
    reads: ['router'],
    emitsEvents: false,
  },
  {
    name: 'preflight',
    placeholder: 'PreflightFunctionArn',
    timeoutSeconds: 60,
    writer: false,
    reads: ['router', 'platforms', 'alarms'],
    emitsEvents: false,
    readsKubernetes: true,
    createsTestRoutes: true,
  },
  {
    name: 'next-window',
    placeholder: 'NextWindowFunctionArn',
    timeoutSeconds: 20,
    writer: false,
    reads: [],
    stateless: true,
  },
  {
    name: 'await-approval',
    placeholder: 'AwaitApprovalFunctionArn',
    timeoutSeconds: 20,
    writer: false,
    reads: [],
  },
  {
    name: 'shift',
    placeholder: 'ShiftFunctionArn',
    timeoutSeconds: 60,
    writer: true,
    // Capacity follows the weight: request rate (metrics) and destination capacity (platforms).
    reads: ['router', 'metrics', 'platforms'],
    scalesAhead: true,
    readsKubernetes: true,
  },
  {
    // Bounded read-back polling: the adapter's verify budget is 120 s.
    name: 'verify',
    placeholder: 'VerifyFunctionArn',
    timeoutSeconds: 150,
    writer: false,
    reads: ['router'],
    emitsEvents: false,
  },
  {
    // Long plans run several polls per invocation (shared/core/execution-budget.ts), inside an
    // in-Lambda budget of EVALUATE_GATES_TIMEOUT_SECONDS − 60; the Task times out at the full value.
    name: 'evaluate-gates',
    placeholder: 'EvaluateGatesFunctionArn',
    timeoutSeconds: EVALUATE_GATES_TIMEOUT_SECONDS - 20,
    writer: false,
    reads: ['router', 'metrics', 'alarms'],
    probes: true,
  },
  {
    // Writes the snapshot, then verifies it (make-before-break checks target health first).
    name: 'rollback',
    placeholder: 'RollbackFunctionArn',
    timeoutSeconds: 300,
    writer: true,
    reads: ['router'],
  },
  {
    // Also releases the lease after drift, reading the router once more for the event.
    name: 'complete',
    placeholder: 'CompleteFunctionArn',
    timeoutSeconds: 30,
    writer: false,
    reads: ['router'],
    deletesTestRoutes: true,
  },
  {
    // Lifecycle hooks: one call (a Lambda Invoke may run up to 15 minutes) per Task, below its 900 s.
    // Invoke and GetSecretValue on the configured hooks only (hook-permissions.ts).
    name: 'run-hook',
    placeholder: 'RunHookFunctionArn',
    timeoutSeconds: 880,
    writer: false,
    reads: [],
  },
  {
    // Not in the ASL: EventBridge status changes and the 5-minute sweeper invoke it.
    name: 'safety-net',
    timeoutSeconds: 300,
    writer: true,
    reads: ['router'],
    describesExecutions: true,
    deletesTestRoutes: true,
  },
];

/** The functions the ASL refers to, in catalog order. */
export const ASL_FUNCTIONS = FUNCTIONS.filter(
  (f): f is FunctionSpec & { placeholder: string } => f.placeholder !== undefined,
);
