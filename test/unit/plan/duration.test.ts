import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '#plan/index';

describe('parseDuration', () => {
  it.each([
    { text: '30s', seconds: 30 },
    { text: '10m', seconds: 600 },
    { text: '1h30m', seconds: 5_400 },
    { text: '2d', seconds: 172_800 },
    { text: '1d2h3m4s', seconds: 93_784 },
    { text: '0s', seconds: 0 },
  ])('reads $text as $seconds seconds', ({ text, seconds }) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '10', '10 minutes', '1.5h', '30s1m', '-5m', 'm', '1h 30m', '10M'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/allowed e\.g\. 30s, 10m, 1h30m, 2d/);
  });
});

describe('formatDuration', () => {
  it.each([
    { seconds: 0, text: '0s' },
    { seconds: 90, text: '1m30s' },
    { seconds: 5_400, text: '1h30m' },
    { seconds: 172_800, text: '2d' },
    { seconds: 93_784, text: '1d2h3m4s' },
  ])('writes $seconds seconds as $text', ({ seconds, text }) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const seconds of [1, 59, 61, 3_599, 3_601, 86_399, 90_061]) {
      expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    }
  });

  it('refuses negative durations', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
  });
});
