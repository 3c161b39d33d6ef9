import { describe, expect, it } from 'vitest';
import { hookOutcome } from '#core/hooks/hook-outcome';

const START = '2026-03-02T01:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(START) + seconds * 1000);
const run = { point: 'preTraffic' as const, attempt: 2, startedAt: START };
const outcome = (answer: Parameters<typeof hookOutcome>[0]['answer'], answeredAtSeconds: number) =>
  hookOutcome({ run, answer, answeredAt: at(answeredAtSeconds), deadline: at(300), defaultWaitSeconds: 15 });

describe('hookOutcome', () => {
  it('passes and fails on the answer, keeping the attempt and the start', () => {
    expect(outcome({ verdict: 'pass', reason: 'smoke ok' }, 10)).toEqual({
      ...run,
      verdict: 'pass',
      reason: 'smoke ok',
    });
    expect(outcome({ verdict: 'fail' }, 10)).toEqual({
      ...run,
      verdict: 'fail',
      reason: 'failed (no reason given)',
    });
  });

  it('waits retryAfterSeconds (else the default) before asking again', () => {
    expect(outcome({ verdict: 'retryLater', retryAfterSeconds: 40 }, 10)).toMatchObject({
      verdict: 'retry',
      waitSeconds: 40,
    });
    expect(outcome({ verdict: 'retryLater' }, 10)).toMatchObject({ verdict: 'retry', waitSeconds: 15 });
  });

  it('fails a retryLater whose next ask would fall after the deadline', () => {
    expect(outcome({ verdict: 'retryLater', retryAfterSeconds: 60 }, 250)).toMatchObject({
      verdict: 'fail',
      reason: expect.stringMatching(/still retryLater after 2 calls/),
    });
  });

  it('treats a pass that arrived after the deadline as a timeout', () => {
    expect(outcome({ verdict: 'pass' }, 301)).toMatchObject({
      verdict: 'fail',
      reason: expect.stringMatching(/no answer within the timeout/),
    });
  });
});
