/**
 * ELBv2 ARNs, parsed by hand so that a malformed one is named precisely before anything calls AWS.
 *
 *   listener       arn:<partition>:elasticloadbalancing:<region>:<account>:listener/app/<lb>/<lb-id>/<listener-id>
 *   listener rule  arn:<partition>:elasticloadbalancing:<region>:<account>:listener-rule/app/<lb>/<lb-id>/<listener-id>/<rule-id>
 *   target group   arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>
 */

export interface ArnLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export interface ParsedRouterArn extends ArnLocation {
  readonly kind: 'listener' | 'rule';
  readonly arn: string;
  /** The listener's ARN: the ARN itself for a listener, the owning listener for a rule. */
  readonly listenerArn: string;
  /** `app/<lb>/<lb-id>`, the CloudWatch `LoadBalancer` dimension. */
  readonly loadBalancerDimension: string;
}

export interface ParsedTargetGroupArn extends ArnLocation {
  readonly arn: string;
  readonly name: string;
  /** `targetgroup/<name>/<id>`, the CloudWatch `TargetGroup` dimension. */
  readonly targetGroupDimension: string;
}

export type ArnResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string; readonly hint?: string };

const PARTITION = /^aws(?:-[a-z]+)*$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
/** Load balancer and target group names: 1–32 alphanumerics or hyphens, no hyphen at either end. */
const ELB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
const ELB_ID = /^[0-9a-f]{16}$/;

const SHAPES = {
  listener: 'arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<lb-name>/<lb-id>/<listener-id>',
  rule: 'arn:aws:elasticloadbalancing:<region>:<account>:listener-rule/app/<lb-name>/<lb-id>/<listener-id>/<rule-id>',
  targetGroup: 'arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>',
} as const;

function fail<T>(problem: string, hint?: string): ArnResult<T> {
  return hint === undefined ? { ok: false, problem } : { ok: false, problem, hint };
}

/** The six colon-separated fields every ELBv2 ARN has; the resource part may not contain colons. */
function splitElbArn(
  arn: string,
  shape: string,
): { ok: true; location: ArnLocation; resource: string } | { ok: false; problem: string; hint?: string } {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn') {
    return { ok: false, problem: `malformed ARN; allowed ${shape}` };
  }
  const [, partition = '', service = '', region = '', accountId = '', resource = ''] = parts;
  if (!PARTITION.test(partition))
    return {
      ok: false,
      problem: `unknown partition; got "${partition}"; allowed aws, aws-cn, aws-us-gov, …`,
    };
  if (service !== 'elasticloadbalancing') {
    return {
      ok: false,
      problem: `not a load balancing ARN; got service "${service}"; allowed elasticloadbalancing`,
      hint: 'copy the ARN from the load balancer console or `aws elbv2 describe-…`',
    };
  }
  if (!REGION.test(region))
    return { ok: false, problem: `malformed region; got "${region}"; allowed e.g. ap-northeast-1` };
  if (!ACCOUNT.test(accountId))
    return { ok: false, problem: `malformed account; got "${accountId}"; allowed 12 digits` };
  return { ok: true, location: { partition, region, accountId }, resource };
}

function checkLoadBalancer(kind: string, name: string, id: string, shape: string): string | undefined {
  if (kind === 'net' || kind === 'gwy') {
    return `not an Application Load Balancer; got ${kind === 'net' ? 'a Network' : 'a Gateway'} Load Balancer (${kind}/…); allowed app/… — only ALB forward actions have weighted target groups`;
  }
  if (kind !== 'app') return `unknown load balancer type; got "${kind}"; allowed app (${shape})`;
  if (!ELB_NAME.test(name))
    return `malformed load balancer name; got "${name}"; allowed 1–32 letters, digits, hyphens`;
  if (!ELB_ID.test(id)) return `malformed load balancer id; got "${id}"; allowed 16 hex digits`;
  return undefined;
}

/** A listener or listener-rule ARN of an Application Load Balancer. */
export function parseRouterArn(arn: string, expected: 'listener' | 'rule'): ArnResult<ParsedRouterArn> {
  const shape = SHAPES[expected];
  const split = splitElbArn(arn, shape);
  if (!split.ok) return split;
  const segments = split.resource.split('/');
  const [type = '', lbKind = '', lbName = '', lbId = '', listenerId = '', ruleId] = segments;
  const actualKind = type === 'listener' ? 'listener' : type === 'listener-rule' ? 'rule' : undefined;
  if (actualKind === undefined) return fail(`wrong resource type; got "${type}"; allowed ${shape}`);
  if (actualKind !== expected) {
    return fail(
      `wrong ARN kind; got a ${actualKind === 'rule' ? 'listener-rule' : 'listener'} ARN; allowed a ${expected === 'rule' ? 'listener-rule' : 'listener'} ARN`,
      actualKind === 'rule'
        ? 'put a rule ARN under router.ruleArn'
        : 'put a listener ARN under router.listenerArn',
    );
  }
  const lbProblem = checkLoadBalancer(lbKind, lbName, lbId, shape);
  if (lbProblem !== undefined) return fail(lbProblem);
  const wantSegments = expected === 'listener' ? 5 : 6;
  if (segments.length !== wantSegments) return fail(`malformed ${expected} ARN; allowed ${shape}`);
  if (!ELB_ID.test(listenerId))
    return fail(`malformed listener id; got "${listenerId}"; allowed 16 hex digits`);
  if (expected === 'rule' && !ELB_ID.test(ruleId ?? ''))
    return fail(`malformed rule id; got "${ruleId ?? ''}"; allowed 16 hex digits`);
  const { partition, region, accountId } = split.location;
  const prefix = `arn:${partition}:elasticloadbalancing:${region}:${accountId}`;
  return {
    ok: true,
    value: {
      kind: expected,
      arn,
      partition,
      region,
      accountId,
      listenerArn: `${prefix}:listener/app/${lbName}/${lbId}/${listenerId}`,
      loadBalancerDimension: `app/${lbName}/${lbId}`,
    },
  };
}

/** A target group ARN. */
export function parseTargetGroupArn(arn: string): ArnResult<ParsedTargetGroupArn> {
  const shape = SHAPES.targetGroup;
  const split = splitElbArn(arn, shape);
  if (!split.ok) return split;
  const segments = split.resource.split('/');
  const [type = '', name = '', id = ''] = segments;
  if (type !== 'targetgroup') {
    return fail(
      `wrong resource type; got "${type}"; allowed ${shape}`,
      type === 'listener' || type === 'listener-rule' || type === 'loadbalancer'
        ? 'the router ARN goes under router; here the target group ARN'
        : undefined,
    );
  }
  if (segments.length !== 3) return fail(`malformed target group ARN; allowed ${shape}`);
  if (!ELB_NAME.test(name))
    return fail(`malformed target group name; got "${name}"; allowed 1–32 letters, digits, hyphens`);
  if (!ELB_ID.test(id)) return fail(`malformed target group id; got "${id}"; allowed 16 hex digits`);
  const { partition, region, accountId } = split.location;
  return {
    ok: true,
    value: { arn, name, partition, region, accountId, targetGroupDimension: `targetgroup/${name}/${id}` },
  };
}
