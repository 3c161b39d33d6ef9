import {
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeRulesCommand,
  type ElasticLoadBalancingV2Client,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AwsTransientError, PreflightFailedError } from '#core/errors';
import { chooseTestRoutePriority, type ExistingRule } from '#core/test-route-priority';
import type { Clock } from '#ports/clock';
import type { TestRouteRecord, TestRouteSpec, TestRoutes } from '#ports/test-route';
import { isAwsError, toCutoverError } from './aws-errors.ts';
import { readBack } from './read-back.ts';

export interface AlbTestRoutesOptions {
  readonly client: ElasticLoadBalancingV2Client;
  readonly clock: Clock;
  /** How long a create or delete is read back before it counts as not landed. Default 20 s (inside the complete function's timeout). */
  readonly verifyBudgetSeconds?: number;
}

/**
 * The test route as one ALB listener rule: `http-header <name> = <value>` → forward to one target
 * group. It is found again by that condition (never by position), so a retried create reuses the
 * rule a first attempt made, and a rule someone else made with the same header is never changed.
 */
export class AlbTestRoutes implements TestRoutes {
  readonly #client: ElasticLoadBalancingV2Client;
  readonly #clock: Clock;
  readonly #budgetMs: number;

  constructor(options: AlbTestRoutesOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#budgetMs = (options.verifyBudgetSeconds ?? 20) * 1000;
  }

  async ensure(spec: TestRouteSpec): Promise<Required<TestRouteRecord>> {
    const rules = await this.#listenerRules(spec.listenerArn);
    const existing = rules.find((rule) => matchesHeader(rule, spec));
    if (existing) return this.#adopt(existing, spec);
    const choice = chooseTestRoutePriority(existingRules(rules), {
      ...(spec.priority === undefined ? {} : { requested: spec.priority }),
      ...(spec.routerRuleArn === undefined ? {} : { routerRuleArn: spec.routerRuleArn }),
    });
    if (!choice.ok) throw new PreflightFailedError(`listener ${spec.listenerArn}: ${choice.problem}`);
    let created: Rule | undefined;
    try {
      const output = await this.#client.send(
        new CreateRuleCommand({
          ListenerArn: spec.listenerArn,
          Priority: choice.priority,
          Conditions: [
            { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: spec.header, Values: [spec.value] } },
          ],
          Actions: [{ Type: 'forward', TargetGroupArn: spec.targetGroupArn }],
        }),
      );
      created = output.Rules?.[0];
    } catch (err) {
      // Another attempt (a retried Lambda) may have taken the priority with this very rule.
      if (!isAwsError(err, 'PriorityInUseException')) {
        throw toCutoverError(err, `test route on listener ${spec.listenerArn}`);
      }
    }
    const ruleArn = created?.RuleArn;
    const landed = await readBack({
      clock: this.#clock,
      budgetMs: this.#budgetMs,
      read: async () =>
        (await this.#listenerRules(spec.listenerArn)).find((rule) => matchesHeader(rule, spec)),
      settled: (rule) => rule !== undefined && (ruleArn === undefined || rule.RuleArn === ruleArn),
    });
    if (!landed.settled || landed.last === undefined) {
      throw new PreflightFailedError(
        `listener ${spec.listenerArn}: test route ${spec.header}: ${spec.value} not read back after create; desired one rule forwarding to ${spec.targetGroupArn} vs actual none; nothing else was changed — start again`,
      );
    }
    return this.#adopt(landed.last, spec);
  }

  async remove(record: TestRouteRecord): Promise<boolean> {
    const ruleArn = record.ruleArn ?? (await this.#find(record))?.RuleArn;
    if (ruleArn === undefined) return false;
    let deleted = true;
    try {
      await this.#client.send(new DeleteRuleCommand({ RuleArn: ruleArn }));
    } catch (err) {
      if (!isAwsError(err, 'RuleNotFoundException')) {
        throw toCutoverError(err, `test route ${ruleArn}`);
      }
      deleted = false;
    }
    const gone = await readBack({
      clock: this.#clock,
      budgetMs: this.#budgetMs,
      read: () => this.#ruleExists(ruleArn),
      settled: (exists) => !exists,
    });
    if (!gone.settled) {
      throw new AwsTransientError(
        `test route ${ruleArn}: still listed after DeleteRule; desired gone vs actual present after ${Math.round(gone.waitedMs / 1000)}s; the delete is retried`,
      );
    }
    return deleted;
  }

  async #find(record: TestRouteRecord): Promise<Rule | undefined> {
    const rules = await this.#listenerRules(record.listenerArn).catch((err: unknown) => {
      if (isAwsError(err, 'ListenerNotFoundException')) return [] as Rule[];
      throw err;
    });
    return rules.find((rule) => matchesHeader(rule, record) && forwardsOnlyTo(rule, record.targetGroupArn));
  }

  /** A rule with our header and value must forward only to the destination, or it is not ours. */
  #adopt(rule: Rule, spec: TestRouteSpec): Required<TestRouteRecord> {
    if (!forwardsOnlyTo(rule, spec.targetGroupArn) || rule.RuleArn === undefined) {
      throw new PreflightFailedError(
        `listener ${spec.listenerArn}: rule ${rule.RuleArn} already matches ${spec.header}: ${spec.value} but does not forward only to ${spec.targetGroupArn}; ` +
          'it is not this cutover’s and is left alone — choose another testRoute.value or remove that rule',
      );
    }
    return {
      listenerArn: spec.listenerArn,
      header: spec.header,
      value: spec.value,
      targetGroupArn: spec.targetGroupArn,
      ruleArn: rule.RuleArn,
      priority: Number(rule.Priority),
    };
  }

  async #ruleExists(ruleArn: string): Promise<boolean> {
    try {
      const output = await this.#client.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }));
      return (output.Rules ?? []).length > 0;
    } catch (err) {
      if (isAwsError(err, 'RuleNotFoundException')) return false;
      throw toCutoverError(err, `test route ${ruleArn}`);
    }
  }

  async #listenerRules(listenerArn: string): Promise<Rule[]> {
    const rules: Rule[] = [];
    let marker: string | undefined;
    try {
      do {
        const page = await this.#client.send(
          new DescribeRulesCommand({ ListenerArn: listenerArn, ...(marker ? { Marker: marker } : {}) }),
        );
        rules.push(...(page.Rules ?? []));
        marker = page.NextMarker;
      } while (marker);
    } catch (err) {
      throw toCutoverError(err, `rules of listener ${listenerArn}`);
    }
    return rules;
  }
}

function existingRules(rules: readonly Rule[]): ExistingRule[] {
  return rules.flatMap((rule) =>
    rule.IsDefault || rule.RuleArn === undefined || !/^\d+$/.test(rule.Priority ?? '')
      ? []
      : [{ ruleArn: rule.RuleArn, priority: Number(rule.Priority) }],
  );
}

function matchesHeader(rule: Rule, spec: Pick<TestRouteSpec, 'header' | 'value'>): boolean {
  return (rule.Conditions ?? []).some((condition) => {
    const config = condition.HttpHeaderConfig;
    return (
      condition.Field === 'http-header' &&
      config?.HttpHeaderName?.toLowerCase() === spec.header.toLowerCase() &&
      config.Values?.length === 1 &&
      config.Values[0] === spec.value
    );
  });
}

function forwardsOnlyTo(rule: Rule, targetGroupArn: string): boolean {
  const actions = rule.Actions ?? [];
  if (actions.length !== 1 || actions[0]?.Type !== 'forward') return false;
  const forward = actions[0];
  const groups = forward.ForwardConfig?.TargetGroups?.map((tuple) => tuple.TargetGroupArn) ?? [];
  const named = groups.length > 0 ? groups : [forward.TargetGroupArn];
  return named.length === 1 && named[0] === targetGroupArn;
}
