import { describe, expect, it } from 'vitest';
import { resolvePlan } from '#plan/resolve';
import { planDocument } from '#test/support/fakes';

const LAMBDA = 'arn:aws:lambda:ap-northeast-1:123456789012:function:crawler-smoke';
const SECRET = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:cutover-hook';

function problems(overrides: Record<string, unknown>): string[] {
  const result = resolvePlan(planDocument(overrides));
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('plan hooks and observedSplit', () => {
  it('resolves Lambda and URL hooks with their defaults, and the observed-split gate', () => {
    const result = resolvePlan(
      planDocument({
        hooks: {
          preTraffic: { lambda: LAMBDA, timeout: '5m' },
          afterStep: { url: 'https://hooks.example.com/cutover', secretArn: SECRET, retries: 4 },
        },
        gates: { observedSplit: { tolerancePercent: 5 } },
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.plan.hooks).toEqual({
      preTraffic: { kind: 'lambda', functionArn: LAMBDA, timeoutSeconds: 300, retries: 2 },
      afterStep: {
        kind: 'url',
        url: 'https://hooks.example.com/cutover',
        secretArn: SECRET,
        timeoutSeconds: 60,
        retries: 4,
      },
    });
    expect(result.plan.gates.observedSplit).toEqual({ tolerancePercent: 5, minutes: 3, minRequests: 100 });
  });

  it('refuses a hook that is both or neither, an unsigned or plain-HTTP URL, another account, a long timeout', () => {
    expect(
      problems({
        hooks: {
          preTraffic: { url: 'http://hooks.example.com/x' },
          afterStep: { lambda: LAMBDA, url: 'https://a.example.com', secretArn: SECRET },
          beforeComplete: { lambda: 'arn:aws:lambda:ap-northeast-1:111122223333:function:x', timeout: '2h' },
          onRollback: { timeout: '1m' },
        },
      }),
    ).toEqual([
      'hooks.preTraffic.url: not an https URL; got "http://hooks.example.com/x"; allowed https://host/path',
      'hooks.preTraffic.secretArn: missing; a url hook needs the secret that signs its requests',
      'hooks.afterStep: needs exactly one of lambda / url; got both',
      'hooks.beforeComplete.timeout: out of range; got 2h; allowed 1s–1h',
      "hooks.beforeComplete.lambda: in account 111122223333; allowed the router's account 123456789012",
      'hooks.onRollback: needs exactly one of lambda / url; got neither',
    ]);
  });

  it('refuses a malformed ARN and a secret on a Lambda hook', () => {
    expect(problems({ hooks: { preTraffic: { lambda: 'crawler-smoke', secretArn: SECRET } } })).toEqual([
      'hooks.preTraffic.secretArn: only for url hooks; got a secretArn with lambda',
      'hooks.preTraffic.lambda: malformed ARN; got "crawler-smoke"; allowed arn:aws:lambda:<region>:<account>:function:<name>',
    ]);
  });

  it('bounds the observed-split tolerance and minutes', () => {
    expect(problems({ gates: { observedSplit: { tolerancePercent: 0, minutes: 1 } } })).toEqual([
      'gates.observedSplit.tolerancePercent: too small; got 0; allowed a number of percentage points > 0 and ≤ 50',
      'gates.observedSplit.minutes: too small; got 1; allowed an integer 2–30',
    ]);
  });
});
