/**
 * Reading ELBv2 ARNs. Pure string work; kept beside the adapters because only they need the
 * AWS resource layout (`arn:aws:elasticloadbalancing:<region>:<account>:<type>/<path>`).
 */

/** The region field of any ARN — where the clients for a router must point. */
export function regionOfArn(arn: string): string {
  const region = arn.split(':')[3];
  if (!region)
    throw new RangeError(`arn ${arn}: no region field; expected arn:<partition>:<service>:<region>:…`);
  return region;
}

/**
 * The load balancer ARN a listener or listener rule belongs to:
 * `…:listener/app/web/50dc…/f2f7…` and `…:listener-rule/app/web/50dc…/f2f7…/9683…` → `…:loadbalancer/app/web/50dc…`.
 */
export function loadBalancerArnOf(listenerOrRuleArn: string): string {
  const match =
    /^(arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:)(?:listener|listener-rule)\/(app|net|gwy)\/([^/]+)\/([^/]+)\//.exec(
      listenerOrRuleArn,
    );
  if (!match) {
    throw new RangeError(`arn ${listenerOrRuleArn}: not an ELBv2 listener or listener rule ARN`);
  }
  const [, prefix, kind, name, id] = match;
  return `${prefix}loadbalancer/${kind}/${name}/${id}`;
}

/** `crawler-ecs` from `…:targetgroup/crawler-ecs/0123…`; the ARN itself when it has another shape. */
export function targetGroupNameOf(targetGroupArn: string): string {
  return /:targetgroup\/([^/]+)\//.exec(targetGroupArn)?.[1] ?? targetGroupArn;
}
