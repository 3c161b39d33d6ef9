import type { ClientPlugin } from '#aws/clients';
import { ErrorName } from '#core/errors';
import type { Weights } from '#core/weights';
import type { Clock } from '#ports/clock';
import { type CutoverEvent, CutoverEventType, type EventSink } from '#ports/event-sink';
import type { CutoverMetrics } from '#runtime/metrics';

/**
 * The DESIGN §8 summary of `cutover run --local --json`, from what a real run can see: the events
 * the cutover emitted (weights before and after, reasons), the AWS calls it made and how the
 * execution ended. The rehearsal's summary has the same shape, from its simulated account.
 */
export interface LocalRunSummary {
  readonly plan: string;
  readonly executionArn: string;
  readonly outcome: 'succeeded' | 'rolled_back' | 'paused' | 'rejected' | 'failed';
  readonly startWeights: Weights;
  readonly finalWeights: Weights;
  readonly durationSeconds: number;
  readonly rollback: {
    readonly reason: string;
    readonly gate: string | null;
    /** A real run cannot know when a fault began, only when a gate saw it. */
    readonly faultAtSeconds: null;
    readonly detectedAtSeconds: number;
    readonly restoredAtSeconds: number | null;
  } | null;
  readonly steps: readonly {
    readonly weights: Weights;
    readonly startedAtSeconds: number;
    readonly result: 'passed' | 'failed' | 'rejected' | 'paused' | 'halted';
  }[];
  readonly apiCalls: Readonly<Record<string, number>>;
  readonly stateTransitions: number;
  readonly error: { readonly name: string; readonly cause: string } | null;
}

export interface RecordedEvent {
  readonly event: CutoverEvent;
  readonly at: Date;
}

/** Passes every event on to `sink` and keeps it, with when it was emitted. */
export function recordingEventSink(sink: EventSink, clock: Clock, into: RecordedEvent[]): EventSink {
  return {
    emit: async (event) => {
      into.push({ event, at: clock.now() });
      await sink.emit(event);
    },
  };
}

/**
 * Metrics of a run from this machine: none are published (CloudWatch reads EMF only from Lambda's
 * logs, and EMF lines on stdout would mix with the output); the summary keeps what matters.
 */
export const unpublishedMetrics: CutoverMetrics = {
  stepDuration: () => {},
  rollback: () => {},
  rollbackFailed: () => {},
  gateFailure: () => {},
  driftDetected: () => {},
  publish: () => {},
};

/** Passes every metric on to `metrics` and keeps the name of each gate that failed. */
export function recordingGateFailures(metrics: CutoverMetrics, into: string[]): CutoverMetrics {
  return {
    stepDuration: (seconds) => metrics.stepDuration(seconds),
    rollback: () => metrics.rollback(),
    rollbackFailed: () => metrics.rollbackFailed(),
    gateFailure: (gate) => {
      into.push(gate);
      metrics.gateFailure(gate);
    },
    driftDetected: () => metrics.driftDetected(),
    publish: () => metrics.publish(),
  };
}

/** Counts the AWS calls of every client it is attached to, by operation (retries not counted). */
export function apiCallCounter(): { readonly plugin: ClientPlugin; readonly counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const plugin: ClientPlugin = {
    applyToStack(stack) {
      (stack as MiddlewareStack).add(
        (next, context) => async (args) => {
          const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
          counts[name] = (counts[name] ?? 0) + 1;
          return next(args);
        },
        { step: 'initialize', name: 'cutoverApiCallCounter', override: true },
      );
    },
  };
  return { plugin, counts };
}

interface MiddlewareStack {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: string; name: string; override: boolean },
  ): void;
}

export interface RunEnd {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'PAUSED' | 'ABORTED';
  readonly error?: string;
  readonly cause?: string;
  readonly stateTransitions: number;
}

/** Builds the summary; pure. */
export function summarizeLocalRun(opts: {
  readonly plan: string;
  readonly executionArn: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly end: RunEnd;
  readonly events: readonly RecordedEvent[];
  /** Names of the gates that failed, in order (the metrics' GateFailures dimension). */
  readonly gateFailures: readonly string[];
  readonly apiCalls: Readonly<Record<string, number>>;
}): LocalRunSummary {
  const { end, events } = opts;
  const seconds = (at: Date) => Math.round((at.getTime() - opts.startedAt.getTime()) / 1000);
  const find = (type: string) => events.find((e) => e.event.type === type);
  const start = events.find((e) => e.event.detail.weightsBefore)?.event.detail.weightsBefore ?? {};
  const final =
    [...events].reverse().find((e) => e.event.detail.weightsAfter)?.event.detail.weightsAfter ?? start;
  const outcome = outcomeOf(end, find(CutoverEventType.RolledBack) !== undefined);
  const gateFailed = find(CutoverEventType.GateFailed);
  const rolledBack = find(CutoverEventType.RolledBack);
  const passed = new Set(
    events.filter((e) => e.event.type === CutoverEventType.StepPassed).map((e) => e.event.detail.step),
  );
  const unfinished = { rolled_back: 'failed', rejected: 'rejected', paused: 'paused' } as const;
  return {
    plan: opts.plan,
    executionArn: opts.executionArn,
    outcome,
    startWeights: start,
    finalWeights: final,
    durationSeconds: seconds(opts.endedAt),
    rollback:
      outcome === 'rolled_back' || outcome === 'rejected'
        ? {
            reason: gateFailed?.event.detail.reason || end.cause || 'rolled back',
            gate: gateFailed ? (opts.gateFailures[opts.gateFailures.length - 1] ?? null) : null,
            faultAtSeconds: null,
            detectedAtSeconds: seconds((gateFailed ?? rolledBack)?.at ?? opts.endedAt),
            restoredAtSeconds: rolledBack ? seconds(rolledBack.at) : null,
          }
        : null,
    steps: events
      .filter((e) => e.event.type === CutoverEventType.StepStarted)
      .map((e) => ({
        weights: e.event.detail.weightsAfter ?? {},
        startedAtSeconds: seconds(e.at),
        result: passed.has(e.event.detail.step)
          ? 'passed'
          : (unfinished[outcome as keyof typeof unfinished] ?? 'halted'),
      })),
    apiCalls: Object.fromEntries(Object.entries(opts.apiCalls).sort(([a], [b]) => a.localeCompare(b))),
    stateTransitions: end.stateTransitions,
    error:
      end.status === 'FAILED' || end.status === 'ABORTED'
        ? { name: end.error ?? 'Error', cause: end.cause ?? '' }
        : null,
  };
}

function outcomeOf(end: RunEnd, rolledBack: boolean): LocalRunSummary['outcome'] {
  if (end.status === 'SUCCEEDED') return 'succeeded';
  if (end.status === 'PAUSED') return 'paused';
  // A rollback that could not complete is a failure a human owns, never a rollback.
  if (!rolledBack || end.error === ErrorName.RollbackFailed || end.error === ErrorName.SnapshotUnrestorable) {
    return 'failed';
  }
  return end.error === ErrorName.ApprovalRejected ? 'rejected' : 'rolled_back';
}
