import { parseRouterArn } from '#plan/arn';

/** The routers a deployment may modify, sorted by kind, plus the accounts/regions they live in. */
export interface RouterScope {
  readonly listenerArns: readonly string[];
  readonly ruleArns: readonly string[];
  /** Distinct `{ partition, region, accountId }` of the routers, for scoping platform reads. */
  readonly locations: readonly { partition: string; region: string; accountId: string }[];
}

/**
 * Checks every router ARN at synth time, so a typo fails `cdk synth` instead of a cutover at 3 a.m.
 * (a plan refused in Validate). Wildcards are refused: Modify* is granted on exact ARNs only.
 */
export function routerScope(arns: readonly string[]): RouterScope {
  if (arns.length === 0) {
    throw new Error(
      'Cutover routers: none configured; at least one listener or listener-rule ARN is required — ' +
        'list the routers this deployment may modify',
    );
  }
  const listenerArns: string[] = [];
  const ruleArns: string[] = [];
  const locations = new Map<string, { partition: string; region: string; accountId: string }>();
  for (const [index, arn] of arns.entries()) {
    const kind = arn.includes(':listener-rule/') ? 'rule' : 'listener';
    const parsed = arn.includes('*') ? undefined : parseRouterArn(arn, kind);
    if (parsed === undefined || !parsed.ok) {
      const why = parsed === undefined ? 'wildcards are not allowed' : parsed.problem;
      throw new Error(
        `Cutover routers[${index}] ${arn}: ${why}; expected an exact listener or listener-rule ARN ` +
          '(arn:aws:elasticloadbalancing:<region>:<account>:listener/app/… or listener-rule/app/…)',
      );
    }
    const list = kind === 'rule' ? ruleArns : listenerArns;
    if (!list.includes(arn)) list.push(arn);
    const { partition, region, accountId } = parsed.value;
    locations.set(`${partition}:${region}:${accountId}`, { partition, region, accountId });
  }
  return { listenerArns, ruleArns, locations: [...locations.values()] };
}
