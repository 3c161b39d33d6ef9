import type { ResolvedPlan } from '#plan/types';
import type { Clock } from '#ports/clock';
import type { ExecutionControl, ExecutionDescription } from '#ports/execution-control';
import type { Lease, LeaseStore } from '#ports/lease-store';
import { toCliFailure } from '../failure.ts';
import { type ExecutionView, ProgressTracker } from './execution-view.ts';
import { planNameOfExecutionInput, planOfExecutionInput } from './plan-input.ts';
import type { ProgressPrinter } from './progress.ts';

/** What reading an execution's progress needs. The lease store is optional (no table known). */
export interface Observation {
  readonly sfn: ExecutionControl;
  readonly leases?: LeaseStore | undefined;
  readonly clock: Clock;
}

/** Reads an execution once: its description, new history events and (if known) its router's lease. */
export class ExecutionObserver {
  readonly #obs: Observation;
  readonly #executionArn: string;
  #tracker: ProgressTracker | undefined;
  #plan: ResolvedPlan | undefined;
  #planName: string | undefined;

  constructor(obs: Observation, executionArn: string) {
    this.#obs = obs;
    this.#executionArn = executionArn;
  }

  get plan(): ResolvedPlan | undefined {
    return this.#plan;
  }

  async poll(known?: ExecutionDescription): Promise<ExecutionView> {
    const arn = this.#executionArn;
    let description: ExecutionDescription;
    try {
      description = known ?? (await this.#obs.sfn.describe(arn));
    } catch (error) {
      throw toCliFailure(error, `describing execution ${arn}`);
    }
    if (!this.#tracker) {
      this.#plan = planOfExecutionInput(description.input);
      this.#planName = planNameOfExecutionInput(description.input);
      this.#tracker = new ProgressTracker(this.#plan);
    }
    try {
      this.#tracker.apply(await this.#obs.sfn.eventsAfter(arn, this.#tracker.lastEventId));
    } catch (error) {
      throw toCliFailure(error, `reading the history of execution ${arn}`);
    }
    const lease = await this.#lease();
    return this.#tracker.view({
      executionArn: arn,
      name: description.name,
      status: description.status,
      startDate: description.startDate,
      now: this.#obs.clock.now(),
      ...(description.stopDate ? { stopDate: description.stopDate } : {}),
      ...(description.error !== undefined ? { error: description.error } : {}),
      ...(description.cause !== undefined ? { cause: description.cause } : {}),
      ...(description.output !== undefined ? { output: description.output } : {}),
      ...(lease ? { lease } : {}),
      ...(this.#planName ? { planName: this.#planName } : {}),
    });
  }

  async #lease(): Promise<Lease | undefined> {
    if (!this.#obs.leases || !this.#plan) return undefined;
    try {
      return await this.#obs.leases.read(this.#plan.router.arn);
    } catch (error) {
      throw toCliFailure(error, `reading the lease of router ${this.#plan.router.arn}`);
    }
  }
}

/**
 * Polls until the execution ends, showing progress; returns the final view. With `stopAtPause`,
 * also returns when the cutover pauses for a human (the execution keeps running).
 */
export async function followExecution(
  observer: ExecutionObserver,
  printer: ProgressPrinter,
  options: { clock: Clock; pollIntervalMs: number; stopAtPause?: boolean; first?: ExecutionDescription },
): Promise<ExecutionView> {
  const { clock, pollIntervalMs } = options;
  let view = await observer.poll(options.first);
  printer.update(view, clock.now());
  while (view.status === 'RUNNING' && !(options.stopAtPause && view.outcome === 'paused')) {
    await clock.sleep(pollIntervalMs);
    view = await observer.poll();
    printer.update(view, clock.now());
  }
  return view;
}
