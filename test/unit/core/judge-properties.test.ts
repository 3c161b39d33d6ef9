import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exceedanceEvidence, latencyEvidence } from '#core/judge/latency-test';
import { absoluteEvidence, type CountsMinute, relativeEvidence } from '#core/judge/rate-tests';
import { SeededRandom } from '#local/prng';

/**
 * The judge's promises, checked by simulation. Under the null a test may cross its threshold in at
 * most α of steps however often it looks (here: after every minute); under the effect the plan names
 * it crosses soon. Each property draws a world (traffic, rates, shares) and simulates many steps in it.
 */

const MINUTES = 20;
const STEPS = 300;
/** Allowance for Monte Carlo noise on a rate estimated from STEPS runs (3 standard errors). */
const slack = (alpha: number) => 3 * Math.sqrt((alpha * (1 - alpha)) / STEPS);

interface World {
  readonly rps: number;
  readonly share: number;
  readonly sourcePercent: number;
  readonly ratio: number;
}

function minute(random: SeededRandom, world: World): CountsMinute {
  const destRequests = random.poisson(world.rps * 60 * world.share);
  const sourceRequests = random.poisson(world.rps * 60 * (1 - world.share));
  const rate = world.sourcePercent / 100;
  return {
    destination: { requests: destRequests, errors: random.poisson(destRequests * rate * world.ratio) },
    source: { requests: sourceRequests, errors: random.poisson(sourceRequests * rate) },
  };
}

/** Minutes until the statistic (read after every minute) first reaches log(1/α), or null. */
function firstCrossing(
  random: SeededRandom,
  world: World,
  alpha: number,
  evidence: (minutes: CountsMinute[]) => number,
): number | null {
  const seen: CountsMinute[] = [];
  for (let m = 1; m <= MINUTES; m++) {
    seen.push(minute(random, world));
    if (evidence(seen) >= Math.log(1 / alpha)) return m;
  }
  return null;
}

const worlds = fc.record({
  rps: fc.integer({ min: 20, max: 400 }),
  share: fc.constantFrom(0.01, 0.05, 0.25, 0.5),
  sourcePercent: fc.constantFrom(0.05, 0.1, 0.5, 2),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  alpha: fc.constantFrom(0.01, 0.05),
});

describe('the relative 5XX test (destination against source)', () => {
  it('halts a destination as good as its source in at most α of steps, looking every minute', () => {
    fc.assert(
      fc.property(worlds, ({ seed, alpha, ...world }) => {
        const random = new SeededRandom(seed);
        let halts = 0;
        for (let step = 0; step < STEPS; step++) {
          if (
            firstCrossing(random, { ...world, ratio: 1 }, alpha, (m) => relativeEvidence(m, 2, MINUTES)) !==
            null
          )
            halts += 1;
        }
        expect(halts / STEPS).toBeLessThanOrEqual(alpha + slack(alpha));
      }),
      { numRuns: 12 },
    );
  });

  it('catches a 5× regression at a 5 % canary of 200 rps (0.1 % baseline) within a few minutes of data', () => {
    const random = new SeededRandom(7);
    const world = { rps: 200, share: 0.05, sourcePercent: 0.1, ratio: 5 };
    const found: number[] = [];
    for (let step = 0; step < 200; step++) {
      const at = firstCrossing(random, world, 0.0005, (m) => relativeEvidence(m, 2, MINUTES));
      if (at !== null) found.push(at);
    }
    found.sort((a, b) => a - b);
    expect(found.length).toBeGreaterThanOrEqual(190);
    expect(found[Math.floor(found.length / 2)]).toBeLessThanOrEqual(6);
  });

  it('is not diluted by healthy minutes before a fault (start minutes are mixed)', () => {
    const random = new SeededRandom(11);
    const healthy = { rps: 200, share: 0.25, sourcePercent: 0.1, ratio: 1 };
    const broken = { ...healthy, ratio: 8 };
    let slowest = 0;
    for (let step = 0; step < 50; step++) {
      const seen: CountsMinute[] = [];
      for (let m = 0; m < 60; m++) seen.push(minute(random, healthy));
      let after = 0;
      while (relativeEvidence(seen, 2, 80) < Math.log(1 / 0.0005) && after < 20) {
        seen.push(minute(random, broken));
        after += 1;
      }
      slowest = Math.max(slowest, after);
    }
    // an 8× regression after an hour of healthy data is still caught within a few minutes
    expect(slowest).toBeLessThanOrEqual(4);
  });
});

describe('the absolute 5XX test', () => {
  it('halts a destination at half its limit in at most α of steps', () => {
    fc.assert(
      fc.property(worlds, ({ seed, alpha, rps, share, sourcePercent }) => {
        const random = new SeededRandom(seed);
        const maxPercent = sourcePercent * 2; // the destination sits at half the limit: the null's edge
        let halts = 0;
        for (let step = 0; step < STEPS; step++) {
          const world = { rps, share, sourcePercent, ratio: 1 };
          if (firstCrossing(random, world, alpha, (m) => absoluteEvidence(m, maxPercent, MINUTES)) !== null)
            halts += 1;
        }
        expect(halts / STEPS).toBeLessThanOrEqual(alpha + slack(alpha));
      }),
      { numRuns: 12 },
    );
  });

  it('never fires on one stray error (1 in 117 requests against a 0.5 % limit)', () => {
    const minutes = [{ destination: { requests: 117, errors: 1 }, source: null }];
    expect(absoluteEvidence(minutes, 0.5, 10)).toBeLessThan(Math.log(1 / 0.01));
  });

  it('catches a hard failure from one minute', () => {
    const minutes = [{ destination: { requests: 600, errors: 600 }, source: null }];
    expect(absoluteEvidence(minutes, 1, 10)).toBeGreaterThan(Math.log(1e6));
  });
});

describe('the latency tests', () => {
  it('the t-test halts minutes centred at or below zero in at most α of steps, whatever their noise', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 2 ** 30 }),
          sigma: fc.constantFrom(0.01, 0.1, 1),
          mean: fc.constantFrom(0, -0.05),
          alpha: fc.constantFrom(0.01, 0.05),
        }),
        ({ seed, sigma, mean, alpha }) => {
          const random = new SeededRandom(seed);
          let halts = 0;
          for (let step = 0; step < STEPS; step++) {
            const values: number[] = [];
            for (let m = 0; m < MINUTES; m++) {
              values.push(mean + sigma * random.gaussian());
              if (latencyEvidence(values, MINUTES) >= Math.log(1 / alpha)) {
                halts += 1;
                break;
              }
            }
          }
          expect(halts / STEPS).toBeLessThanOrEqual(alpha + slack(alpha));
        },
      ),
      { numRuns: 12 },
    );
  });

  it('the t-test catches a p99 well over its allowance within a few minutes', () => {
    const random = new SeededRandom(3);
    const values: number[] = [];
    while (latencyEvidence(values, MINUTES) < Math.log(1 / 0.0005) && values.length < MINUTES) {
      values.push(0.3 + 0.05 * random.gaussian());
    }
    expect(values.length).toBeLessThanOrEqual(10);
  });

  it('the exceedance test needs a minute whose p95 is over the allowance, and one such busy minute is enough', () => {
    const quiet = Array.from({ length: 30 }, () => ({ requests: 600, exceeded: false }));
    expect(exceedanceEvidence(quiet, 30)).toBeLessThan(0);
    expect(exceedanceEvidence([{ requests: 600, exceeded: true }], 30)).toBeGreaterThan(Math.log(1e6));
  });
});

describe('the start-minute weights', () => {
  it('sum to at most 1, and weightBefore adds them up exactly', async () => {
    const { startWeight, weightBefore } = await import('#core/judge/mixture');
    for (const profile of ['stepStart', 'even'] as const) {
      for (const planned of [1, 5, 15, 120]) {
        let total = 0;
        for (let index = 0; index < 2000; index++) {
          expect(weightBefore(index, planned, profile)).toBeCloseTo(total, 12);
          total += startWeight(index, planned, profile);
        }
        expect(total).toBeLessThanOrEqual(1);
      }
    }
  });
});
