import { VirtualClock } from '../virtual-clock.ts';

interface Sleeper {
  readonly at: number;
  /** Order of the sleep calls, so sleepers due at the same instant wake in the order they slept. */
  readonly seq: number;
  readonly wake: () => void;
}

/**
 * A virtual clock many executions share (a campaign). Each execution runs inside `run`, which makes
 * it a participant. A participant's `sleep` does not move time: it parks the participant until the
 * clock reaches its wake-up instant. Time moves only when every live participant is parked; then the
 * earliest sleeper (ties: the one that slept first) wakes, after the scheduled events due by then
 * have fired. So exactly one participant runs at a time, every wait overlaps with the others' instead
 * of adding up, and the same inputs always interleave the same way.
 *
 * Outside `run` (no participants) it behaves exactly like VirtualClock: a sleep advances time.
 */
export class ConcurrentVirtualClock extends VirtualClock {
  #participants = 0;
  #sleepers: Sleeper[] = [];
  #sleepSeq = 0;
  #checkQueued = false;
  #driving = false;

  /** Participants currently running or parked. */
  participants(): number {
    return this.#participants;
  }

  /** Runs `work` as a participant: time waits for it whenever it is not sleeping. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.#participants += 1;
    try {
      return await work();
    } finally {
      this.#participants -= 1;
      this.#queueCheck();
    }
  }

  /**
   * Holds time still for someone who is not inside `run` (an orchestrator between its children):
   * counts as a busy participant until the returned release is called (once).
   */
  hold(): () => void {
    this.#participants += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#participants -= 1;
      this.#queueCheck();
    };
  }

  override async sleep(ms: number, stop?: AbortSignal): Promise<void> {
    // Without participants, or from inside an event the clock is firing, time just moves on.
    if (this.#participants === 0 || this.#driving) return super.sleep(ms, stop);
    if (stop?.aborted) return;
    const step = Number.isFinite(ms) && ms > 0 ? ms : 0;
    await new Promise<void>((resolve) => {
      const sleeper: Sleeper = { at: this.now().getTime() + step, seq: this.#sleepSeq++, wake: resolve };
      this.#insert(sleeper);
      stop?.addEventListener(
        'abort',
        () => {
          // A stopped execution's Wait ends at the instant of the stop.
          if (this.#remove(sleeper)) resolve();
        },
        { once: true },
      );
      this.#queueCheck();
    });
  }

  #insert(sleeper: Sleeper): void {
    let index = this.#sleepers.length;
    while (index > 0) {
      const before = this.#sleepers[index - 1] as Sleeper;
      if (before.at < sleeper.at || (before.at === sleeper.at && before.seq < sleeper.seq)) break;
      index -= 1;
    }
    this.#sleepers.splice(index, 0, sleeper);
  }

  #remove(sleeper: Sleeper): boolean {
    const index = this.#sleepers.indexOf(sleeper);
    if (index < 0) return false;
    this.#sleepers.splice(index, 1);
    return true;
  }

  /**
   * Checks after the current microtasks have run (setImmediate), so that whoever reacts to a
   * participant finishing (the campaign starting the next service) joins before time moves.
   */
  #queueCheck(): void {
    if (this.#checkQueued) return;
    this.#checkQueued = true;
    setImmediate(() => {
      this.#checkQueued = false;
      void this.#advanceIfAllParked();
    });
  }

  async #advanceIfAllParked(): Promise<void> {
    if (this.#driving) return;
    const next = this.#sleepers[0];
    if (next === undefined || this.#sleepers.length < this.#participants) return;
    this.#driving = true;
    try {
      await this.advanceTo(next.at);
    } finally {
      this.#driving = false;
    }
    // An event fired on the way may have stopped `next` (its abort listener already woke it).
    if (this.#remove(next)) next.wake();
    this.#queueCheck();
  }
}
