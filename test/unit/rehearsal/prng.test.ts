import { describe, expect, it } from 'vitest';
import { keyedRandom, SeededRandom } from '#local/prng';

describe('seeded randomness', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.next()
        )(new SeededRandom(seed)),
      );
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keyed draws depend only on their keys', () => {
    expect(keyedRandom(1, 'minute', 'tg', 60).next()).toBe(keyedRandom(1, 'minute', 'tg', 60).next());
    expect(keyedRandom(1, 'minute', 'tg', 60).next()).not.toBe(keyedRandom(1, 'minute', 'tg', 120).next());
  });

  it('Poisson draws average to their mean', () => {
    const random = new SeededRandom(9);
    for (const mean of [0.5, 12, 400]) {
      const draws = Array.from({ length: 4000 }, () => random.poisson(mean));
      const average = draws.reduce((a, b) => a + b, 0) / draws.length;
      expect(Math.abs(average - mean) / mean).toBeLessThan(0.05);
    }
  });
});
