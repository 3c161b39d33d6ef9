import { describe, expect, it } from 'vitest';
import { PlanInvalidError } from '#core/errors';
import type { Log } from '#core/use-cases/ports';
import { validate } from '#core/use-cases/validate';
import { routersFromEnv } from '#runtime/light-deps';
import { LISTENER_ARN, planDocument, VirtualClock } from '#test/support/fakes';

const EXECUTION = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-1';
const OTHER_LISTENER =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/api/1234567890abcdef/0fedcba987654321';
const RULE_ARN =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee';

const quietLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
const clock = new VirtualClock();

async function problemsOf(run: Promise<unknown>): Promise<readonly string[]> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PlanInvalidError))
    throw new Error(`expected PlanInvalidError, got ${String(error)}`);
  return error.problems;
}

describe("validate: the deployment's routers", () => {
  it('refuses a plan whose listener is not among the configured routers, naming both', async () => {
    // Prepare
    const allowedRouters = [OTHER_LISTENER, RULE_ARN];
    // Act
    const problems = await problemsOf(
      validate(
        { document: planDocument(), executionArn: EXECUTION },
        { clock, log: quietLog, allowedRouters },
      ),
    );
    // Assess
    expect(problems).toEqual([
      `router.listenerArn: this Cutover deployment may not modify this router; got ${LISTENER_ARN}; ` +
        `allowed ${OTHER_LISTENER}, ${RULE_ARN}; add it to routers in cutover.config.json and redeploy`,
    ]);
  });

  it('refuses a rule plan when only its listener is configured (ModifyRule is granted per rule)', async () => {
    // Prepare
    const document = planDocument({ router: { ruleArn: RULE_ARN } });
    // Act
    const problems = await problemsOf(
      validate(
        { document, executionArn: EXECUTION },
        { clock, log: quietLog, allowedRouters: [LISTENER_ARN] },
      ),
    );
    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^router\.ruleArn: this Cutover deployment may not modify this router; got /);
  });

  it('accepts a plan whose router is configured', async () => {
    // Act
    const listener = await validate(
      { document: planDocument(), executionArn: EXECUTION },
      { clock, log: quietLog, allowedRouters: [OTHER_LISTENER, LISTENER_ARN] },
    );
    const rule = await validate(
      { document: planDocument({ router: { ruleArn: RULE_ARN } }), executionArn: EXECUTION },
      { clock, log: quietLog, allowedRouters: [LISTENER_ARN, RULE_ARN] },
    );
    // Assess
    expect(listener.plan.router.arn).toBe(LISTENER_ARN);
    expect(rule.plan.router.arn).toBe(RULE_ARN);
  });

  it('puts no restriction on the router when no list is configured (rehearsals, run --local)', async () => {
    // Act
    const output = await validate(
      { document: planDocument({ router: { listenerArn: OTHER_LISTENER } }), executionArn: EXECUTION },
      { clock, log: quietLog },
    );
    // Assess
    expect(output.plan.router.arn).toBe(OTHER_LISTENER);
  });

  it('reads CUTOVER_ROUTERS as comma-separated ARNs; unset or blank means no restriction', () => {
    expect(routersFromEnv(`${LISTENER_ARN},${RULE_ARN}`)).toEqual([LISTENER_ARN, RULE_ARN]);
    expect(routersFromEnv(` ${LISTENER_ARN} , `)).toEqual([LISTENER_ARN]);
    expect(routersFromEnv(undefined)).toBeUndefined();
    expect(routersFromEnv('')).toBeUndefined();
  });
});
