/**
 * Which listener-rule priority the test route takes. ALB evaluates rules from the lowest priority
 * number up, and the first match wins, so the header rule must come before every rule that could
 * match the same request: otherwise a probe request would follow that rule's weights to the source.
 * Pure; the adapter reads the listener's rules and writes the one rule.
 */

export const MAX_RULE_PRIORITY = 50_000;

export interface ExistingRule {
  readonly ruleArn: string;
  readonly priority: number;
}

export type PriorityChoice =
  | { readonly ok: true; readonly priority: number }
  | { readonly ok: false; readonly problem: string };

export function chooseTestRoutePriority(
  rules: readonly ExistingRule[],
  options: { readonly requested?: number; readonly routerRuleArn?: string },
): PriorityChoice {
  const taken = new Map(rules.map((rule) => [rule.priority, rule.ruleArn]));
  const router = options.routerRuleArn
    ? rules.find((rule) => rule.ruleArn === options.routerRuleArn)
    : undefined;
  // Before the router rule at least (it carries the weights); before every rule when possible.
  const limit = router?.priority ?? MAX_RULE_PRIORITY + 1;
  if (options.requested !== undefined) {
    const holder = taken.get(options.requested);
    if (holder !== undefined) {
      return {
        ok: false,
        problem: `testRoute.priority: priority ${options.requested} is taken by rule ${holder}; desired a free priority; pick another one or leave priority out to take the lowest free one`,
      };
    }
    if (options.requested >= limit) {
      return {
        ok: false,
        problem: `testRoute.priority: ${options.requested} is evaluated after the router rule (priority ${limit}); desired < ${limit}; choose a lower priority so the header is matched first`,
      };
    }
    return { ok: true, priority: options.requested };
  }
  for (let priority = 1; priority < limit; priority += 1) {
    if (!taken.has(priority)) return { ok: true, priority };
  }
  return {
    ok: false,
    problem: `testRoute: no free priority before the router rule (priority ${limit}); desired one free priority below it vs actual all taken; renumber the listener's rules or set testRoute.priority`,
  };
}
