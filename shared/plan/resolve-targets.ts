import { type ArnLocation, parseRouterArn, parseTargetGroupArn } from './arn.ts';
import { describeValue, didYouMean, type PlanProblem, problem } from './problems.ts';
import type { PlanDocument, PlanDocumentTarget } from './schema.ts';
import type { KubernetesWorkloadRef, RouterRef, Target } from './types.ts';

/** ALB forward actions hold 1–5 target groups; a cutover needs at least a source and a destination. */
export const MIN_TARGETS = 2;
export const MAX_TARGETS = 5;

/** Exactly one of listenerArn / ruleArn, well formed; derives the listener and the CloudWatch dimension. */
export function resolveRouter(
  router: PlanDocument['router'] | undefined,
  problems: PlanProblem[],
): RouterRef | undefined {
  if (router === undefined) return undefined;
  const { listenerArn, ruleArn } = router;
  if (listenerArn !== undefined && ruleArn !== undefined) {
    problems.push(
      problem(
        ['router'],
        'both listenerArn and ruleArn; allowed exactly one',
        'listenerArn for the listener default action, ruleArn for one listener rule',
      ),
    );
    return undefined;
  }
  if (listenerArn === undefined && ruleArn === undefined) {
    problems.push(problem(['router'], 'neither listenerArn nor ruleArn; allowed exactly one'));
    return undefined;
  }
  const kind = listenerArn !== undefined ? 'listener' : 'rule';
  const arn = (listenerArn ?? ruleArn) as string;
  const parsed = parseRouterArn(arn, kind);
  if (!parsed.ok) {
    problems.push(
      problem(['router', kind === 'listener' ? 'listenerArn' : 'ruleArn'], parsed.problem, parsed.hint),
    );
    return undefined;
  }
  const { partition: _partition, ...ref } = parsed.value;
  return ref;
}

/** The partition of a router; RouterRef does not keep it, the ARN does. */
function routerLocation(router: RouterRef): ArnLocation {
  return { partition: router.arn.split(':')[1] ?? 'aws', region: router.region, accountId: router.accountId };
}

const PLATFORM_FIELDS = {
  ec2: { required: [], optional: ['autoScalingGroup'] },
  ecs: { required: ['cluster', 'service'], optional: [] },
  eks: { required: ['cluster'], optional: ['nodegroups', 'kubernetes'] },
} as const satisfies Record<Target['platform'], { required: readonly string[]; optional: readonly string[] }>;

const PLATFORM_SPECIFIC = ['autoScalingGroup', 'cluster', 'service', 'nodegroups', 'kubernetes'] as const;

const FIELD_WORDS: Readonly<Record<string, string>> = {
  cluster: 'the cluster name',
  service: 'the ECS service name',
};

/**
 * Checks each target that passed the shape check: its platform's fields, its target group ARN, and
 * that the target group sits in the router's partition, region and account. `names` are all target
 * names written in the plan (also those whose entry is malformed) so that counts stay honest.
 */
export function resolveTargets(
  names: readonly string[],
  targets: Readonly<Record<string, PlanDocumentTarget>>,
  router: RouterRef | undefined,
  problems: PlanProblem[],
): Record<string, Target> | undefined {
  if (names.length < MIN_TARGETS || names.length > MAX_TARGETS) {
    problems.push(
      problem(
        ['targets'],
        `${names.length < MIN_TARGETS ? 'too few' : 'too many'} targets; got ${names.length} (${names.join(', ') || 'none'}); allowed ${MIN_TARGETS}–${MAX_TARGETS}`,
        names.length > MAX_TARGETS
          ? 'an ALB forward action holds at most 5 target groups; drop targets that take no part in this cutover'
          : 'a cutover moves traffic between at least two targets: `from` and `to`',
      ),
    );
  }
  const resolved: Record<string, Target> = {};
  const seenGroups = new Map<string, string>();
  let complete = true;
  for (const name of names) {
    const target = targets[name];
    if (target === undefined) {
      complete = false;
      continue;
    }
    const ok = checkTarget(name, target, router, seenGroups, problems);
    if (ok === undefined) complete = false;
    else resolved[name] = ok;
  }
  return complete ? resolved : undefined;
}

/** Fields the target's platform requires, fields it does not use, and nodegroups listed twice. */
function checkPlatformFields(name: string, target: PlanDocumentTarget, problems: PlanProblem[]): void {
  const rules = PLATFORM_FIELDS[target.platform];
  const allowedFields: readonly string[] = [...rules.required, ...rules.optional];
  for (const field of rules.required) {
    if (target[field] === undefined) {
      problems.push(
        problem(
          ['targets', name, field],
          `required for platform ${target.platform} but missing; allowed ${FIELD_WORDS[field] ?? field}`,
        ),
      );
    }
  }
  for (const field of PLATFORM_SPECIFIC) {
    if (target[field] !== undefined && !allowedFields.includes(field)) {
      problems.push(
        problem(
          ['targets', name, field],
          `not used by platform ${target.platform}; got ${describeValue(target[field])}; allowed ${allowedFields.join(', ') || 'no platform fields'}`,
          otherPlatformHint(field),
        ),
      );
    }
  }
  if (target.nodegroups !== undefined) {
    const seen = new Set<string>();
    target.nodegroups.forEach((group, index) => {
      if (seen.has(group)) {
        problems.push(
          problem(
            ['targets', name, 'nodegroups', index],
            `duplicate nodegroup; got ${describeValue(group)}; allowed each nodegroup once`,
          ),
        );
      }
      seen.add(group);
    });
  }
}

/** The target group ARN, parsed, used by no other target, and in the router's partition, region and account. */
function checkTargetGroup(
  name: string,
  targetGroupArn: PlanDocumentTarget['targetGroupArn'],
  router: RouterRef | undefined,
  seenGroups: Map<string, string>,
  problems: PlanProblem[],
) {
  const arnPath = ['targets', name, 'targetGroupArn'];
  const parsed = parseTargetGroupArn(targetGroupArn);
  if (!parsed.ok) {
    problems.push(problem(arnPath, parsed.problem, parsed.hint));
    return undefined;
  }
  const group = parsed.value;
  const owner = seenGroups.get(group.arn);
  if (owner !== undefined) {
    problems.push(
      problem(
        arnPath,
        `same target group as targets.${owner}; got ${group.targetGroupDimension}; allowed a distinct target group per target`,
        'one target group cannot carry two weights in a forward action; give each platform its own target group',
      ),
    );
  }
  seenGroups.set(group.arn, name);
  if (router !== undefined) {
    const where = routerLocation(router);
    const mismatches: [string, string, string][] = [
      ['partition', group.partition, where.partition],
      ['region', group.region, where.region],
      ['account', group.accountId, where.accountId],
    ];
    for (const [what, got, want] of mismatches) {
      if (got !== want) {
        problems.push(
          problem(
            arnPath,
            `target group in another ${what} than the router; got ${got}; allowed ${want} (the router's ${what})`,
            'an ALB forwards only to target groups in its own account and region',
          ),
        );
      }
    }
  }
  return group;
}

function checkTarget(
  name: string,
  target: PlanDocumentTarget,
  router: RouterRef | undefined,
  seenGroups: Map<string, string>,
  problems: PlanProblem[],
): Target | undefined {
  const before = problems.length;
  checkPlatformFields(name, target, problems);
  const workload =
    target.kubernetes === undefined ? undefined : kubernetesRef(name, target.kubernetes, problems);
  const group = checkTargetGroup(name, target.targetGroupArn, router, seenGroups, problems);
  if (group === undefined) return undefined;
  if (problems.length > before) return undefined;
  const base = { name, targetGroupArn: group.arn, targetGroupDimension: group.targetGroupDimension };
  switch (target.platform) {
    case 'ec2':
      return target.autoScalingGroup === undefined
        ? { ...base, platform: 'ec2' }
        : { ...base, platform: 'ec2', autoScalingGroup: target.autoScalingGroup };
    case 'ecs':
      return {
        ...base,
        platform: 'ecs',
        cluster: target.cluster as string,
        service: target.service as string,
      };
    case 'eks':
      return {
        ...base,
        platform: 'eks',
        cluster: target.cluster as string,
        nodegroups: target.nodegroups ?? [],
        ...(workload === undefined ? {} : { kubernetes: workload }),
      };
  }
}

/** Exactly one of deployment / statefulSet names the workload. */
function kubernetesRef(
  name: string,
  spec: NonNullable<PlanDocumentTarget['kubernetes']>,
  problems: PlanProblem[],
): KubernetesWorkloadRef | undefined {
  const { deployment, statefulSet } = spec;
  if ((deployment === undefined) === (statefulSet === undefined)) {
    problems.push(
      problem(
        ['targets', name, 'kubernetes'],
        `${deployment === undefined ? 'neither deployment nor statefulSet' : 'both deployment and statefulSet'}; allowed exactly one`,
        'name the Deployment (or StatefulSet) whose pods the target group sends traffic to',
      ),
    );
    return undefined;
  }
  return {
    namespace: spec.namespace,
    kind: deployment === undefined ? 'StatefulSet' : 'Deployment',
    name: (deployment ?? statefulSet) as string,
    ...(spec.targetGroupBinding === undefined ? {} : { targetGroupBinding: spec.targetGroupBinding }),
  };
}

function otherPlatformHint(field: string): string {
  const owners = (Object.keys(PLATFORM_FIELDS) as Target['platform'][]).filter((p) =>
    ([...PLATFORM_FIELDS[p].required, ...PLATFORM_FIELDS[p].optional] as string[]).includes(field),
  );
  return `${field} belongs to platform ${owners.join(' or ')}; check \`platform\``;
}

/** `from` / `to` name a target and differ. */
export function checkEndpoints(
  names: readonly string[],
  from: string | undefined,
  to: string | undefined,
  problems: PlanProblem[],
): { from: string; to: string } | undefined {
  let ok = true;
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && names.length > 0 && !names.includes(value)) {
      ok = false;
      problems.push(
        problem(
          [field],
          `unknown target; got ${describeValue(value)}; allowed ${names.join(', ')}`,
          didYouMean(value, names),
        ),
      );
    }
  }
  if (from !== undefined && from === to) {
    ok = false;
    problems.push(
      problem(
        ['to'],
        `same target as from; got ${describeValue(to)}; allowed a target other than ${describeValue(from)}`,
        'traffic moves from one target to another',
      ),
    );
  }
  return ok && from !== undefined && to !== undefined && names.length > 0 ? { from, to } : undefined;
}
