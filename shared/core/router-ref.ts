import { parseRouterArn } from '#plan/arn';
import type { RouterRef } from '#plan/types';
import { ConfigurationError } from './errors.ts';

/** The RouterRef of a listener or rule ARN (the safety net knows only the lease's router ARN). */
export function routerRefFromArn(arn: string): RouterRef {
  const kind = arn.includes(':listener-rule/') ? 'rule' : 'listener';
  const parsed = parseRouterArn(arn, kind);
  if (!parsed.ok) throw new ConfigurationError(`router ${arn}: ${parsed.problem}`);
  const { value } = parsed;
  return {
    kind: value.kind,
    arn: value.arn,
    listenerArn: value.listenerArn,
    loadBalancerDimension: value.loadBalancerDimension,
    region: value.region,
    accountId: value.accountId,
  };
}
