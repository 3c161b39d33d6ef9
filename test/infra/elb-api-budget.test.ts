import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { ELB_ACCOUNT_LIMITS } from '#core/token-bucket';
import { applyElbApiBudget } from '#infra/elb-api-budget';
import { ELB_API_BUDGET_ENV, elbApiBudgetFromEnv } from '#runtime/wiring/elb-budget';

function twoFunctions() {
  const stack = new Stack(new App(), 'Budget');
  const fn = (id: string) =>
    new lambda.Function(stack, id, {
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
    });
  return {
    stack,
    functions: new Map([
      ['shift', fn('Shift')],
      ['verify', fn('Verify')],
    ]),
  };
}

describe('the ELB API budget of a deployment', () => {
  it('reaches every function as ELB_API_BUDGET, and the functions read it back', () => {
    // Prepare
    const { stack, functions } = twoFunctions();
    const budget = { modify: { burst: 10, perSecond: 1.5 } };
    // Act
    applyElbApiBudget(functions, budget);
    // Assess
    const variables = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map(
      (fn) =>
        (fn as { Properties: { Environment: { Variables: Record<string, string> } } }).Properties.Environment
          .Variables,
    );
    expect(variables).toHaveLength(2);
    for (const vars of variables) {
      expect(elbApiBudgetFromEnv(vars)).toEqual({
        modify: budget.modify,
        describe: ELB_ACCOUNT_LIMITS.describe,
      });
    }
  });

  it('defaults to the documented limits and refuses a budget that never hands out a token', () => {
    expect(elbApiBudgetFromEnv({})).toEqual(ELB_ACCOUNT_LIMITS);
    const { functions } = twoFunctions();
    expect(() => applyElbApiBudget(functions, { modify: { burst: 0, perSecond: 3 } })).toThrow(
      /elbApiBudget\.modify: .*allowed burst ≥ 1 and perSecond > 0/,
    );
    expect(() =>
      elbApiBudgetFromEnv({ [ELB_API_BUDGET_ENV]: '{"describe":{"burst":5,"perSecond":-1}}' }),
    ).toThrow(/ELB_API_BUDGET is .* for describe; allowed JSON/);
  });
});
