import type { RouterRef, Target } from '#plan/types';
import type { AlarmSource } from '#ports/alarm-source';
import type { AuditLog } from '#ports/audit-log';
import type { Clock } from '#ports/clock';
import type { EventSink } from '#ports/event-sink';
import type { ExecutionStatusSource } from '#ports/execution-status';
import type { HookRunner } from '#ports/hook-runner';
import type { ExecutionLedger, LeaseStore } from '#ports/lease-store';
import type { MetricsSource } from '#ports/metrics-source';
import type { ProbeSource } from '#ports/probe-source';
import type { TargetHealthSource } from '#ports/target-health';
import type { TargetPlatform } from '#ports/target-platform';
import type { TestRoutes } from '#ports/test-route';
import type { TrafficRouter } from '#ports/traffic-router';

/**
 * Everything a use-case may touch, as ports. Router-side ports are per-router factories (a plan's
 * router names the region and the load balancer); the table, the bus and the clock are shared.
 * The Lambdas get real adapters (shared/runtime/deps.ts), tests and rehearsals get fakes or the sandbox.
 */
export interface CutoverPorts {
  routerFor(router: RouterRef): TrafficRouter;
  healthFor(router: RouterRef): TargetHealthSource;
  platformFor(router: RouterRef, target: Target): TargetPlatform;
  metricsFor(router: RouterRef): MetricsSource;
  alarmsFor(router: RouterRef): AlarmSource;
  /** The test route's listener rule, on the router's listener (region of the router). */
  testRoutesFor(router: RouterRef): TestRoutes;
  /** The synthetic probe through the router's load balancer. */
  probeFor(router: RouterRef): ProbeSource;
  readonly executions: ExecutionStatusSource;
  readonly leases: LeaseStore;
  readonly ledger: ExecutionLedger;
  readonly audit: AuditLog;
  readonly events: EventSink;
  readonly clock: Clock;
  /** Lifecycle hooks (issue 11); wired only where hooks run (the RunHook function, rehearsals). */
  readonly hooks?: HookRunner;
}

/** Structured log lines; the runtime adds plan name, execution and step to every line. */
export interface Log {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** The business metrics (CloudWatch EMF in Lambda). */
export interface MetricsRecorder {
  stepDuration(seconds: number): void;
  rollback(): void;
  rollbackFailed(): void;
  gateFailure(gate: string): void;
  driftDetected(): void;
}

/** What one use-case invocation gets: the ports plus an invocation-scoped log. */
export interface UseCaseDeps extends CutoverPorts {
  readonly log: Log;
  readonly metrics: MetricsRecorder;
}
