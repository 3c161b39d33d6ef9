/** Time, injectable so rehearsals run on a virtual clock. */
export interface Clock {
  now(): Date;
  /** Waits `ms` (virtual in a rehearsal). Used for bounded read-back polling. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
