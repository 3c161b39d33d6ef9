import { describe, expect, it } from 'vitest';
import { ConcurrentVirtualClock } from '#local/campaign/concurrent-clock';

const START = new Date('2026-03-02T01:00:00Z');

/** Two "executions" that each wait and note the virtual second they woke at. */
async function interleave(clock: ConcurrentVirtualClock): Promise<string[]> {
  const log: string[] = [];
  const worker = (name: string, waits: number[]) =>
    clock.run(async () => {
      for (const seconds of waits) {
        await clock.sleep(seconds * 1000);
        log.push(`${name}@${clock.elapsedSeconds()}`);
      }
    });
  await Promise.all([worker('a', [10, 10, 10]), worker('b', [15, 15])]);
  return log;
}

describe('ConcurrentVirtualClock', () => {
  it('overlaps the waits of concurrent participants instead of adding them up', async () => {
    const clock = new ConcurrentVirtualClock(START);
    const log = await interleave(clock);
    // At 30 s both are due: b went to sleep first (at 15 s, a at 20 s), so b wakes first.
    expect(log).toEqual(['a@10', 'b@15', 'a@20', 'b@30', 'a@30']);
    expect(clock.elapsedSeconds()).toBe(30);
  });

  it('interleaves the same way every time', async () => {
    const first = await interleave(new ConcurrentVirtualClock(START));
    const second = await interleave(new ConcurrentVirtualClock(START));
    expect(second).toEqual(first);
  });

  it('fires scheduled events at their instant, between the participants that wake around them', async () => {
    const clock = new ConcurrentVirtualClock(START);
    const log: string[] = [];
    clock.scheduleAtOffset(12_000, 'fault', () => {
      log.push(`fault@${clock.elapsedSeconds()}`);
    });
    await Promise.all([
      clock.run(async () => {
        await clock.sleep(10_000);
        log.push(`a@${clock.elapsedSeconds()}`);
        await clock.sleep(10_000);
        log.push(`a@${clock.elapsedSeconds()}`);
      }),
      clock.run(async () => {
        await clock.sleep(15_000);
        log.push(`b@${clock.elapsedSeconds()}`);
      }),
    ]);
    expect(log).toEqual(['a@10', 'fault@12', 'b@15', 'a@20']);
  });

  it('does not move time while a participant is busy (not sleeping)', async () => {
    const clock = new ConcurrentVirtualClock(START);
    let sawTimeMove = false;
    await Promise.all([
      clock.run(async () => {
        await clock.sleep(1_000);
      }),
      clock.run(async () => {
        const before = clock.elapsedSeconds();
        // Busy across macrotasks, as an SDK call can be: the other's wait must not complete meanwhile.
        for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
        sawTimeMove = clock.elapsedSeconds() !== before;
      }),
    ]);
    expect(sawTimeMove).toBe(false);
    expect(clock.elapsedSeconds()).toBe(1);
  });

  it('ends a sleep early when its stop signal aborts', async () => {
    const clock = new ConcurrentVirtualClock(START);
    const stop = new AbortController();
    clock.scheduleAtOffset(5_000, 'stop', () => stop.abort());
    await Promise.all([
      clock.run(() => clock.sleep(60_000, stop.signal)),
      clock.run(() => clock.sleep(5_000)),
    ]);
    expect(clock.elapsedSeconds()).toBe(5);
  });
});
