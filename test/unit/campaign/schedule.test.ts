import { describe, expect, it } from 'vitest';
import { resolveCampaign } from '../../../shared/campaign/resolve.ts';
import { decideNext, type ServiceState } from '../../../shared/campaign/schedule.ts';
import type { ResolvedCampaign } from '../../../shared/campaign/types.ts';
import { campaignDocument } from './fixture.ts';

function campaign(overrides: Record<string, unknown> = {}): ResolvedCampaign {
  const result = resolveCampaign(campaignDocument(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.campaign;
}
const states = (entries: Readonly<Record<string, ServiceState | undefined>>) =>
  new Map(Object.entries(entries).filter((entry): entry is [string, ServiceState] => entry[1] !== undefined));

describe('decideNext', () => {
  it.each([
    { case: 'starts the first wave up to maxConcurrent', given: {}, start: ['alpha', 'beta'] },
    {
      case: 'waits for the whole wave before the next',
      given: { alpha: 'succeeded', beta: 'running' },
      start: [],
    },
    {
      case: 'starts the next wave once the previous ended',
      given: { alpha: 'succeeded', beta: 'succeeded' },
      start: ['gamma'],
    },
  ] as const)('$case', ({ given, start }) => {
    const decision = decideNext(campaign({ failurePolicy: { haltAfter: 5 } }), states(given));
    expect(decision.start).toEqual(start);
    expect(decision.halt).toBeNull();
  });

  it('halts after haltAfter services did not succeed: nothing new starts, running ones are left to finish', () => {
    const decision = decideNext(
      campaign({ failurePolicy: { haltAfter: 1 }, maxConcurrent: 1 }),
      states({ alpha: 'rolled_back' }),
    );
    expect(decision.start).toEqual([]);
    expect(decision.halt?.abortRunning).toBe(false);
    expect(decision.halt?.reason).toContain('alpha rolled_back');
    expect(decision.done).toBe(true);
  });

  it('aborts running cutovers on a critical failure when abortAll is set', () => {
    const decision = decideNext(
      campaign({ failurePolicy: { haltAfter: 5, abortAll: true } }),
      states({ alpha: 'failed', beta: 'running' }),
    );
    expect(decision.halt?.abortRunning).toBe(true);
    expect(decision.done).toBe(false);
  });

  it('keeps going on a critical failure when abortAll is off, until haltAfter', () => {
    const decision = decideNext(
      campaign({ failurePolicy: { haltAfter: 5, abortAll: false } }),
      states({ alpha: 'failed', beta: 'succeeded' }),
    );
    expect(decision.halt).toBeNull();
    expect(decision.start).toEqual(['gamma']);
  });

  it('skips a service whose dependency did not succeed, and starts one whose dependency did', () => {
    const base = campaignDocument();
    const services = (base.services as Record<string, unknown>[]).map((s, i) =>
      i === 2 ? { ...s, after: ['alpha'] } : s,
    );
    const c = campaign({ services, failurePolicy: { haltAfter: 5 } });
    expect(decideNext(c, states({ alpha: 'rolled_back', beta: 'succeeded' })).skip).toEqual(['gamma']);
    expect(decideNext(c, states({ alpha: 'succeeded', beta: 'succeeded' })).start).toEqual(['gamma']);
  });

  it('is done when every service ended', () => {
    const decision = decideNext(
      campaign(),
      states({ alpha: 'succeeded', beta: 'succeeded', gamma: 'succeeded' }),
    );
    expect(decision).toEqual({ start: [], skip: [], halt: null, done: true });
  });
});
