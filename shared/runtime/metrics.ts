import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsRecorder } from '#core/use-cases/ports';

/** Business metrics; `publish` flushes them (CloudWatch EMF) at the end of an invocation. */
export interface CutoverMetrics extends MetricsRecorder {
  publish(): void;
}

export const METRIC_NAMES = {
  stepDuration: 'StepDurationSeconds',
  rollbacks: 'Rollbacks',
  rollbackFailures: 'RollbackFailures',
  gateFailures: 'GateFailures',
  driftDetected: 'DriftDetected',
} as const;

/** Powertools Metrics (namespace from POWERTOOLS_METRICS_NAMESPACE, default `Cutover`). */
export function powertoolsMetrics(
  metrics: Metrics = new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Cutover',
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cutover',
  }),
): CutoverMetrics {
  let pending = false;
  const add = (name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number) => {
    metrics.addMetric(name, unit, value);
    pending = true;
  };
  return {
    stepDuration: (seconds) => add(METRIC_NAMES.stepDuration, MetricUnit.Seconds, seconds),
    rollback: () => add(METRIC_NAMES.rollbacks, MetricUnit.Count, 1),
    rollbackFailed: () => add(METRIC_NAMES.rollbackFailures, MetricUnit.Count, 1),
    gateFailure: (gate) => {
      // One metric per gate name keeps the dimension set fixed (no per-invocation dimensions to leak).
      add(`${METRIC_NAMES.gateFailures}`, MetricUnit.Count, 1);
      metrics.addMetadata('gate', gate);
    },
    driftDetected: () => add(METRIC_NAMES.driftDetected, MetricUnit.Count, 1),
    publish: () => {
      if (!pending) return;
      pending = false;
      metrics.publishStoredMetrics();
    },
  };
}

export interface RecordedMetric {
  readonly name: string;
  readonly value: number;
  readonly gate?: string;
}

/** Keeps every metric in memory (tests and rehearsal reports). */
export function recordingMetrics(
  records: RecordedMetric[] = [],
): CutoverMetrics & { records: RecordedMetric[] } {
  return {
    records,
    stepDuration: (seconds) => records.push({ name: METRIC_NAMES.stepDuration, value: seconds }),
    rollback: () => records.push({ name: METRIC_NAMES.rollbacks, value: 1 }),
    rollbackFailed: () => records.push({ name: METRIC_NAMES.rollbackFailures, value: 1 }),
    gateFailure: (gate) => records.push({ name: METRIC_NAMES.gateFailures, value: 1, gate }),
    driftDetected: () => records.push({ name: METRIC_NAMES.driftDetected, value: 1 }),
    publish: () => {},
  };
}
