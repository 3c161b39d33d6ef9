import type { Clock } from '#ports/clock';

/** Something that happens at a virtual instant: a scenario fault, a simulated human answering. */
export interface ScheduledEvent {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly label: string;
  readonly run: () => void | Promise<void>;
}

interface QueuedEvent extends ScheduledEvent {
  /** Insertion order, so events due at the same instant fire in the order they were scheduled. */
  readonly seq: number;
}

/**
 * The rehearsal's time. `sleep(ms)` does not wait: it moves time forward by exactly `ms`, firing
 * every event that falls due on the way, in time order, each at its own instant (so an event sees
 * `now()` equal to its scheduled time). A 2-hour bake therefore takes milliseconds of wall time,
 * and the same schedule always gives the same sequence.
 *
 * One execution at a time: concurrent sleeps each advance the clock (their waits add up instead of
 * overlapping), which is exact for the state machine's sequential steps.
 */
export class VirtualClock implements Clock {
  readonly startedAt: Date;
  #now: number;
  #seq = 0;
  #queue: QueuedEvent[] = [];
  #firing = false;
  #slept = 0;

  constructor(start: Date) {
    this.startedAt = new Date(start.getTime());
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Virtual milliseconds since the start. */
  elapsedMs(): number {
    return this.#now - this.startedAt.getTime();
  }

  /** Virtual seconds since the start (fractional). */
  elapsedSeconds(): number {
    return this.elapsedMs() / 1000;
  }

  /** Virtual seconds since the start of an instant. */
  secondsAt(instant: Date | number): number {
    const ms = typeof instant === 'number' ? instant : instant.getTime();
    return (ms - this.startedAt.getTime()) / 1000;
  }

  /** Total virtual time spent in `sleep` (the rest was spent "instantly" between sleeps). */
  sleptMs(): number {
    return this.#slept;
  }

  /** Schedules `run` at an absolute instant; an instant in the past fires at the next advance. */
  schedule(at: Date | number, label: string, run: () => void | Promise<void>): void {
    const ms = typeof at === 'number' ? at : at.getTime();
    const event: QueuedEvent = { at: ms, label, run, seq: this.#seq++ };
    // Keep the queue sorted by (at, seq); events are few, so insertion by scan is fine.
    let index = this.#queue.length;
    while (index > 0) {
      const before = this.#queue[index - 1] as QueuedEvent;
      if (before.at < event.at || (before.at === event.at && before.seq < event.seq)) break;
      index -= 1;
    }
    this.#queue.splice(index, 0, event);
  }

  /** Schedules `run` `offsetMs` after the start of the rehearsal. */
  scheduleAtOffset(offsetMs: number, label: string, run: () => void | Promise<void>): void {
    this.schedule(this.startedAt.getTime() + offsetMs, label, run);
  }

  /** Events not yet fired, in firing order. */
  pending(): readonly ScheduledEvent[] {
    return this.#queue.map(({ at, label, run }) => ({ at, label, run }));
  }

  /**
   * Moves time forward by `ms`. When `stop` aborts on the way (an event fired by this advance
   * stopped the execution), the sleep ends at that instant instead: a stopped execution's Wait does
   * not keep time running.
   */
  async sleep(ms: number, stop?: AbortSignal): Promise<void> {
    const step = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const from = this.#now;
    await this.advanceTo(from + step, stop);
    this.#slept += stop?.aborted ? Math.min(step, this.#now - from) : step;
  }

  /** Fires the events due now (e.g. faults at 0 s, before anything else runs). */
  async fireDue(): Promise<void> {
    await this.advanceTo(this.#now);
  }

  /** Moves time to `target` (never backwards), firing due events at their own instants; `stop` ends it early. */
  async advanceTo(target: number, stop?: AbortSignal): Promise<void> {
    if (stop?.aborted) return;
    const end = Math.max(target, this.#now);
    // An event may itself sleep (a simulated retry); it then advances time from inside. The guard
    // keeps events from re-entering the queue loop and firing out of order.
    if (!this.#firing) {
      this.#firing = true;
      try {
        for (let next = this.#queue[0]; next !== undefined && next.at <= end; next = this.#queue[0]) {
          this.#queue.shift();
          this.#now = Math.max(this.#now, next.at);
          await next.run();
          if (stop?.aborted) return;
        }
      } finally {
        this.#firing = false;
      }
    }
    this.#now = Math.max(this.#now, end);
  }
}
