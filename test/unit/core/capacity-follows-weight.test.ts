import { describe, expect, it } from 'vitest';
import { describeShortfall, judgeCapacity } from '#core/capacity-follows-weight';

const question = (over: {
  rate?: number;
  sourceUnits?: number;
  startShare?: number;
  units?: number;
  next?: number;
  headroom?: number;
}) => ({
  requestsPerSecond: over.rate ?? 200,
  source: { name: 'vm', units: over.sourceUnits ?? 4, unit: 'instances', startShare: over.startShare ?? 100 },
  destinations: [{ name: 'ecs', units: over.units ?? 3, unit: 'tasks', nextShare: over.next ?? 100 }],
  headroom: over.headroom ?? 1.5,
});

describe('judgeCapacity', () => {
  it.each([
    // vm carried 50 rps per instance; ecs may carry 75 per task.
    { case: '3 tasks take 100% (66.7 rps each ≤ 75)', over: {}, verdict: 'fits' },
    { case: '2 tasks cannot take 100% (100 rps each > 75)', over: { units: 2 }, verdict: 'short', need: 3 },
    { case: '1 task takes 25% (50 rps ≤ 75)', over: { units: 1, next: 25 }, verdict: 'fits' },
    {
      case: '1 task cannot take 50% (100 rps > 75)',
      over: { units: 1, next: 50 },
      verdict: 'short',
      need: 2,
    },
    {
      case: 'headroom 1 asks for as many tasks as instances',
      over: { units: 3, headroom: 1 },
      verdict: 'short',
      need: 4,
    },
    { case: '0 healthy tasks are short of 1', over: { units: 0, next: 1 }, verdict: 'short', need: 1 },
    {
      case: 'a source that started at half its share proved half the load',
      over: { startShare: 50, units: 2, next: 50 },
      verdict: 'short',
      need: 3,
    },
  ])('$case', ({ over, verdict, need }) => {
    const answer = judgeCapacity(question(over));
    expect(answer.verdict).toBe(verdict);
    if (answer.verdict === 'short') expect(answer.shortfalls[0]?.need).toBe(need);
  });

  it('does not depend on the request rate, only on shares and units', () => {
    expect(judgeCapacity(question({ rate: 20, units: 2 }))).toEqual(
      expect.objectContaining({ verdict: 'short' }),
    );
    expect(judgeCapacity(question({ rate: 20_000, units: 3 })).verdict).toBe('fits');
  });

  it.each([
    { case: 'no traffic', over: { rate: 0 } },
    { case: 'no healthy source units', over: { sourceUnits: 0 } },
    { case: 'a source without traffic at the start', over: { startShare: 0 } },
  ])('does not judge with $case', ({ over }) => {
    expect(judgeCapacity(question(over)).verdict).toBe('unknown');
  });

  it('explains a shortfall with loads, the limit and what is needed', () => {
    const answer = judgeCapacity(question({ units: 1, next: 50 }));
    if (answer.verdict !== 'short') throw new Error('expected short');
    expect(describeShortfall(answer.shortfalls[0] as never, 'vm', 1.5)).toBe(
      "ecs would carry 100.0 rps per task with 1 tasks > limit 75.0 rps (vm's load per target before the cutover × headroom 1.5); needs 2 tasks",
    );
  });
});
