import { describe, expect, it } from 'vitest';
import { VirtualClock } from '#local/virtual-clock';

const START = new Date('2026-03-02T01:00:00Z');

describe('VirtualClock', () => {
  it('sleep advances time by exactly the time asked, without waiting', async () => {
    const clock = new VirtualClock(START);
    await clock.sleep(2 * 3600 * 1000);
    expect(clock.now().toISOString()).toBe('2026-03-02T03:00:00.000Z');
    expect(clock.elapsedSeconds()).toBe(7200);
  });

  it('fires due events in time order, each seeing its own instant', async () => {
    // Prepare
    const clock = new VirtualClock(START);
    const seen: string[] = [];
    const record = (label: string) => () => {
      seen.push(`${label}@${clock.elapsedSeconds()}`);
    };
    clock.scheduleAtOffset(30_000, 'b', record('b'));
    clock.scheduleAtOffset(10_000, 'a', record('a'));
    clock.scheduleAtOffset(30_000, 'c', record('c'));
    clock.scheduleAtOffset(90_000, 'late', record('late'));
    // Act
    await clock.sleep(60_000);
    // Assess
    expect(seen).toEqual(['a@10', 'b@30', 'c@30']);
    expect(clock.elapsedSeconds()).toBe(60);
    expect(clock.pending().map((event) => event.label)).toEqual(['late']);
  });

  it('fires events due at the start with fireDue, before anything sleeps', async () => {
    const clock = new VirtualClock(START);
    let fired = false;
    clock.scheduleAtOffset(0, 'now', () => {
      fired = true;
    });
    await clock.fireDue();
    expect(fired).toBe(true);
    expect(clock.elapsedMs()).toBe(0);
  });

  it('lets an event sleep (a retried call inside a fault) without firing later events out of order', async () => {
    const clock = new VirtualClock(START);
    const seen: number[] = [];
    clock.scheduleAtOffset(1_000, 'sleeper', async () => {
      seen.push(clock.elapsedMs());
      await clock.sleep(5_000);
    });
    clock.scheduleAtOffset(2_000, 'next', () => {
      seen.push(clock.elapsedMs());
    });
    await clock.sleep(10_000);
    expect(seen).toEqual([1_000, 6_000]);
    expect(clock.elapsedMs()).toBe(10_000);
  });

  it('treats negative or invalid sleeps as zero', async () => {
    const clock = new VirtualClock(START);
    await clock.sleep(-5);
    await clock.sleep(Number.NaN);
    expect(clock.elapsedMs()).toBe(0);
  });
});
