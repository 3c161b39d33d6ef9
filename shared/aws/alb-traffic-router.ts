import {
  type Action,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyRuleCommand,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { canonicalJson } from '#core/canonical-json';
import {
  RouterUnavailableError,
  SnapshotUnrestorableError,
  TargetGroupUnavailableError,
  WeightsNotVerifiedError,
} from '#core/errors';
import { actionTypes, readForwardShares, targetGroupsToAdd, withForwardWeights } from '#core/forward-action';
import { formatWeights, sameWeights, type Weights } from '#core/weights';
import type { RouterRef } from '#plan/types';
import type { Clock } from '#ports/clock';
import type { RestoreResult, RouterSnapshot, TrafficRouter, WriteResult } from '#ports/traffic-router';
import { loadBalancerArnOf, targetGroupNameOf } from './arns.ts';
import { toCutoverError } from './aws-errors.ts';
import { readBack } from './read-back.ts';

export interface AlbTrafficRouterOptions {
  readonly client: ElasticLoadBalancingV2Client;
  readonly router: Pick<RouterRef, 'kind' | 'arn'>;
  readonly clock: Clock;
  /** How long `verify` and `restore` keep reading back before giving up. Default 120 s. */
  readonly verifyBudgetSeconds?: number;
  /** Target group ARN → plan target name, so messages say `ecs` rather than an ARN. */
  readonly targetNames?: Readonly<Record<string, string>>;
}

/**
 * The weights of one ALB listener's default action (DescribeListeners / ModifyListener) or of one
 * listener rule (DescribeRules / ModifyRule). Writes send the whole actions list because ELBv2
 * replaces lists; the new forward action is built purely in `shared/core/forward-action.ts`.
 */
export class AlbTrafficRouter implements TrafficRouter {
  readonly arn: string;
  readonly kind: RouterRef['kind'];
  readonly #client: ElasticLoadBalancingV2Client;
  readonly #clock: Clock;
  readonly #budgetMs: number;
  readonly #targetNames: Readonly<Record<string, string>>;

  constructor(options: AlbTrafficRouterOptions) {
    this.arn = options.router.arn;
    this.kind = options.router.kind;
    this.#client = options.client;
    this.#clock = options.clock;
    this.#budgetMs = (options.verifyBudgetSeconds ?? 120) * 1000;
    this.#targetNames = options.targetNames ?? {};
  }

  /** `rule arn:…` / `listener arn:…` — the subject of every message about this router. */
  get subject(): string {
    return `${this.kind} ${this.arn}`;
  }

  async snapshot(): Promise<RouterSnapshot> {
    const actions = await this.#readActions();
    return {
      routerArn: this.arn,
      kind: this.kind,
      actions,
      weights: readForwardShares(actions, this.subject),
      capturedAt: this.#clock.now().toISOString(),
    };
  }

  async getWeights(): Promise<Weights> {
    return readForwardShares(await this.#readActions(), this.subject);
  }

  async setWeights(desired: Weights, guard: { readonly expected: Weights }): Promise<WriteResult> {
    const actions = await this.#readActions();
    const live = readForwardShares(actions, this.subject);
    // A group the action does not list yet is written even at weight 0: attaching it to the load
    // balancer is what starts its health checks, so a plan adds the destination at 0 first.
    const added = targetGroupsToAdd(actions, desired);
    if (sameWeights(live, desired) && added.length === 0)
      return { written: false, stale: false, before: live, after: live };
    // Someone else's weights, or a write we cannot see: report what is there; core decides what it means.
    if (!sameWeights(live, guard.expected)) return { written: false, stale: true, before: live, after: live };
    if (added.length > 0) await this.checkTargetGroups(added);
    const next = withForwardWeights(actions, desired, this.subject);
    await this.#writeActions(next);
    return { written: true, stale: false, before: live, after: readForwardShares(next, this.subject) };
  }

  async verify(desired: Weights): Promise<void> {
    const result = await readBack({
      clock: this.#clock,
      budgetMs: this.#budgetMs,
      read: () => this.getWeights(),
      settled: (live) => sameWeights(live, desired) && Object.keys(desired).every((arn) => arn in live),
    });
    if (result.settled) return;
    const live = result.last;
    const missing = Object.keys({ ...desired, ...live })
      .filter((arn) => (desired[arn] ?? 0) !== (live[arn] ?? 0) || (arn in desired && !(arn in live)))
      .map(
        (arn) =>
          `${this.#name(arn)} weight ${desired[arn] ?? 0} not set ` +
          `(${arn in live ? `live ${live[arn]}` : 'not in the forward action'})`,
      );
    throw new WeightsNotVerifiedError(
      `${this.subject} not verified: ${missing.join(', ')}; ${this.#tries(result)} — ` +
        'the ALB has not applied the write; check the router in the console, then roll back or retry',
    );
  }

  async restore(
    snapshot: RouterSnapshot,
    guard: { readonly expected: readonly Weights[] },
  ): Promise<RestoreResult> {
    if (snapshot.routerArn !== this.arn || snapshot.kind !== this.kind) {
      throw new SnapshotUnrestorableError(
        `${this.subject}: snapshot belongs to ${snapshot.kind} ${snapshot.routerArn}; refusing to write it here`,
      );
    }
    const live = this.#sharesOrNone(await this.#readActions());
    if (!guard.expected.some((expected) => sameWeights(live, expected))) return { restored: false, live };
    await this.#writeSnapshot(snapshot);
    return { restored: true, live };
  }

  async #writeSnapshot(snapshot: RouterSnapshot): Promise<void> {
    const captured = snapshot.actions as Action[];
    try {
      await this.#writeActions(captured);
    } catch (err) {
      if (err instanceof TargetGroupUnavailableError) {
        throw new SnapshotUnrestorableError(
          `${this.subject}: snapshot of ${snapshot.capturedAt} cannot be written back — a target group in it no longer ` +
            'exists; restore the router by hand (the snapshot is in the lease record) and page the owner',
          { cause: err },
        );
      }
      throw err;
    }
    const wanted = canonicalJson(captured);
    const result = await readBack({
      clock: this.#clock,
      budgetMs: this.#budgetMs,
      read: () => this.#readActions(),
      settled: (live) => canonicalJson(live) === wanted,
    });
    if (result.settled) return;
    throw new WeightsNotVerifiedError(
      `${this.subject} not verified: snapshot actions of ${snapshot.capturedAt} not restored ` +
        `(live ${this.#describeActions(result.last)} vs snapshot ${this.#describeActions(captured)}); ` +
        `${this.#tries(result)} — check the router in the console`,
    );
  }

  /** The target groups as ELBv2 describes them; a missing one is TargetGroupUnavailableError. */
  async describeTargetGroups(targetGroupArns: readonly string[]): Promise<TargetGroup[]> {
    if (targetGroupArns.length === 0) return [];
    try {
      const output = await this.#client.send(
        new DescribeTargetGroupsCommand({ TargetGroupArns: [...targetGroupArns] }),
      );
      return output.TargetGroups ?? [];
    } catch (err) {
      throw toCutoverError(err, `target groups ${targetGroupArns.map((arn) => this.#name(arn)).join(', ')}`);
    }
  }

  /**
   * Refuses target groups that do not exist or are attached to a load balancer other than this
   * router's (ALB allows one load balancer per target group). Used before adding a group and by preflight.
   */
  async checkTargetGroups(targetGroupArns: readonly string[]): Promise<void> {
    const ours = loadBalancerArnOf(this.arn);
    const found = await this.describeTargetGroups(targetGroupArns);
    for (const arn of targetGroupArns) {
      const group = found.find((candidate) => candidate.TargetGroupArn === arn);
      if (!group) {
        throw new TargetGroupUnavailableError(
          `target group ${this.#name(arn)} (${arn}): not found; check the plan's targetGroupArn values`,
        );
      }
      const others = (group.LoadBalancerArns ?? []).filter((lb) => lb !== ours);
      if (others.length > 0) {
        throw new TargetGroupUnavailableError(
          `target group ${this.#name(arn)} (${arn}): attached to another load balancer ${others.join(', ')}, ` +
            `not ${ours}; a target group serves one load balancer — use a target group of this load balancer`,
        );
      }
    }
  }

  async #readActions(): Promise<Action[]> {
    let actions: Action[] | undefined;
    try {
      if (this.kind === 'listener') {
        const output = await this.#client.send(new DescribeListenersCommand({ ListenerArns: [this.arn] }));
        actions = output.Listeners?.find((listener) => listener.ListenerArn === this.arn)?.DefaultActions;
      } else {
        const output = await this.#client.send(new DescribeRulesCommand({ RuleArns: [this.arn] }));
        actions = output.Rules?.find((rule) => rule.RuleArn === this.arn)?.Actions;
      }
    } catch (err) {
      throw toCutoverError(err, this.subject);
    }
    if (!actions) {
      throw new RouterUnavailableError(
        `${this.subject}: not found; check the plan's router ARN and the region`,
      );
    }
    return actions;
  }

  async #writeActions(actions: Action[]): Promise<void> {
    try {
      if (this.kind === 'listener') {
        await this.#client.send(
          new ModifyListenerCommand({ ListenerArn: this.arn, DefaultActions: actions }),
        );
      } else {
        await this.#client.send(new ModifyRuleCommand({ RuleArn: this.arn, Actions: actions }));
      }
    } catch (err) {
      throw toCutoverError(err, this.subject);
    }
  }

  /** Live shares; none when someone replaced the forward action (a redirect, a fixed response). */
  #sharesOrNone(actions: readonly Action[]): Weights {
    try {
      return readForwardShares(actions, this.subject);
    } catch {
      return {};
    }
  }

  #name(targetGroupArn: string): string {
    return this.#targetNames[targetGroupArn] ?? targetGroupNameOf(targetGroupArn);
  }

  #named(weights: Weights): Weights {
    return Object.fromEntries(Object.entries(weights).map(([arn, value]) => [this.#name(arn), value]));
  }

  #describeActions(actions: readonly Action[]): string {
    try {
      return formatWeights(this.#named(readForwardShares(actions)));
    } catch {
      return `actions ${actionTypes(actions)}`;
    }
  }

  #tries(result: { reads: number; waitedMs: number }): string {
    return `${result.reads} read${result.reads === 1 ? '' : 's'} over ${Math.round(result.waitedMs / 1000)} s`;
  }
}
