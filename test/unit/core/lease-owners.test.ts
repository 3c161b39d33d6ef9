import { describe, expect, it } from 'vitest';
import { executionOfOwner, humanOwner, parseLeaseOwner } from '#core/lease-owners';

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:Cutover:crawler-1';
const CALLER = 'arn:aws:sts::123456789012:assumed-role/Operator/alice';

describe('lease owners', () => {
  it.each([
    { owner: EXECUTION, expected: { kind: 'execution', executionArn: EXECUTION } },
    { owner: `sweeper:${EXECUTION}`, expected: { kind: 'sweeper', executionArn: EXECUTION } },
    { owner: humanOwner(CALLER), expected: { kind: 'human', principal: CALLER } },
    { owner: 'local:crawler-1', expected: { kind: 'other', owner: 'local:crawler-1' } },
  ])('reads $owner', ({ owner, expected }) => {
    expect(parseLeaseOwner(owner)).toEqual(expected);
  });

  it('names the execution an audit record belongs to, without the sweeper prefix', () => {
    expect(executionOfOwner(`sweeper:${EXECUTION}`)).toBe(EXECUTION);
    expect(executionOfOwner(EXECUTION)).toBe(EXECUTION);
    expect(executionOfOwner(humanOwner(CALLER))).toBe(`human:${CALLER}`);
  });
});
