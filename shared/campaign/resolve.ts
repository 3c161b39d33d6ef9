import { ELB_ACCOUNT_LIMITS } from '#core/token-bucket';
import { describeValue, didYouMean, type PlanProblem, pathToString, problem } from '#plan/problems';
import { resolvePlan } from '#plan/resolve';
import { zodIssuesToProblems } from '#plan/schema-issues';
import { type CampaignDocument, CampaignDocumentSchema, type CampaignServiceDocument } from './schema.ts';
import { fillTemplate } from './template.ts';
import type { CampaignService, ResolvedCampaign } from './types.ts';

export type CampaignResult =
  | { readonly ok: true; readonly campaign: ResolvedCampaign }
  | { readonly ok: false; readonly problems: readonly PlanProblem[] };

export const CAMPAIGN_DEFAULTS = { maxConcurrent: 1, haltAfter: 1, abortAll: true } as const;

/**
 * Checks a raw campaign document: its shape, then every service (names, waves, dependencies, one
 * router each) and every service's plan, with the plan's problems under the service's path
 * (`services[3].plan.steps[2]: …`). Returns every problem found, not just the first. Pure.
 */
export function resolveCampaign(raw: unknown): CampaignResult {
  const parsed = CampaignDocumentSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success)
    return { ok: false, problems: zodIssuesToProblems(parsed.error.issues, CampaignDocumentSchema) };
  const doc = parsed.data;
  const problems: PlanProblem[] = [];
  const services = doc.services.flatMap((service, index) => {
    const resolved = resolveService(doc, service, index, problems);
    return resolved === undefined ? [] : [resolved];
  });
  checkNames(doc.services, problems);
  checkDependencies(doc.services, problems);
  checkRouters(services, doc.services, problems);
  if (problems.length > 0) return { ok: false, problems };
  const policy = doc.failurePolicy ?? {};
  return {
    ok: true,
    campaign: {
      name: doc.campaign,
      maxConcurrent: doc.maxConcurrent ?? CAMPAIGN_DEFAULTS.maxConcurrent,
      failurePolicy: {
        haltAfter: policy.haltAfter ?? CAMPAIGN_DEFAULTS.haltAfter,
        abortAll: policy.abortAll ?? CAMPAIGN_DEFAULTS.abortAll,
      },
      elbApiBudget: {
        modify: { ...ELB_ACCOUNT_LIMITS.modify, ...doc.elbApiBudget?.modify },
        describe: { ...ELB_ACCOUNT_LIMITS.describe, ...doc.elbApiBudget?.describe },
      },
      services,
    },
  };
}

function resolveService(
  doc: CampaignDocument,
  service: CampaignServiceDocument,
  index: number,
  problems: PlanProblem[],
): CampaignService | undefined {
  const at = ['services', index] as const;
  let planDocument: unknown;
  let planPath: readonly (string | number)[];
  if (service.plan !== undefined) {
    if (service.values !== undefined)
      problems.push(
        problem(
          [...at, 'values'],
          'values with a plan; allowed values only with the template',
          'drop values, or drop plan to use the template',
        ),
      );
    planDocument = service.plan;
    planPath = [...at, 'plan'];
  } else if (doc.template !== undefined) {
    const filled = fillTemplate(
      doc.template,
      { name: service.name, ...service.values },
      { name: service.name, index },
    );
    problems.push(...filled.problems);
    if (filled.problems.length > 0) return undefined;
    planDocument = filled.document;
    planPath = [...at, 'template'];
  } else {
    problems.push(
      problem(
        [...at],
        'no plan; allowed a `plan` here or a top-level `template`',
        `add a template with \${key} placeholders and give this service its values`,
      ),
    );
    return undefined;
  }
  const result = resolvePlan(planDocument);
  if (!result.ok) {
    // A filled-in template reads `services[3](template).steps[2]`: the service, then where in the template.
    const prefix = planPath.at(-1) === 'template' ? `${pathToString(at)}(template)` : pathToString(planPath);
    for (const found of result.problems) {
      problems.push({ ...found, path: found.path === '(plan)' ? prefix : `${prefix}.${found.path}` });
    }
    return undefined;
  }
  return {
    name: service.name,
    wave: service.wave ?? 1,
    after: service.after ?? [],
    planDocument: planDocument as Record<string, unknown>,
    plan: result.plan,
  };
}

function checkNames(services: readonly CampaignServiceDocument[], problems: PlanProblem[]): void {
  const seen = new Map<string, number>();
  services.forEach((service, index) => {
    const first = seen.get(service.name);
    if (first !== undefined)
      problems.push(
        problem(
          ['services', index, 'name'],
          `duplicate service; got ${describeValue(service.name)} (also services[${first}]); allowed each name once`,
        ),
      );
    else seen.set(service.name, index);
  });
}

/** `after` names existing services of the same or an earlier wave, and never forms a cycle. */
function checkDependencies(services: readonly CampaignServiceDocument[], problems: PlanProblem[]): void {
  const byName = new Map(services.map((service) => [service.name, service]));
  const names = [...byName.keys()];
  services.forEach((service, index) => {
    (service.after ?? []).forEach((dependency, position) => {
      const path = ['services', index, 'after', position];
      const other = byName.get(dependency);
      if (other === undefined) {
        problems.push(
          problem(
            path,
            `unknown service; got ${describeValue(dependency)}; allowed ${names.join(', ')}`,
            didYouMean(dependency, names),
          ),
        );
      } else if (dependency === service.name) {
        problems.push(problem(path, 'a service cannot wait for itself; allowed another service'));
      } else if ((other.wave ?? 1) > (service.wave ?? 1)) {
        problems.push(
          problem(
            path,
            `${dependency} is in a later wave (${other.wave ?? 1} > ${service.wave ?? 1}); allowed services of this or an earlier wave`,
            `move ${service.name} to wave ${other.wave ?? 1} or later`,
          ),
        );
      }
    });
  });
  const cycle = findCycle(services);
  if (cycle !== undefined)
    problems.push(
      problem(
        ['services'],
        `dependency cycle; got ${cycle.join(' → ')}; allowed no cycles`,
        'remove one of the `after` entries',
      ),
    );
}

function findCycle(services: readonly CampaignServiceDocument[]): string[] | undefined {
  const after = new Map(services.map((service) => [service.name, service.after ?? []]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...trail.slice(trail.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const next of after.get(name) ?? []) {
      if (!after.has(next) || next === name) continue;
      const found = visit(next, [...trail, name]);
      if (found !== undefined) return found;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const service of services) {
    const found = visit(service.name, []);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Two cutovers on one router would fight over its lease; plan names name executions and leases. */
function checkRouters(
  resolved: readonly CampaignService[],
  services: readonly CampaignServiceDocument[],
  problems: PlanProblem[],
): void {
  const indexOf = (name: string) => services.findIndex((service) => service.name === name);
  const routers = new Map<string, string>();
  const plans = new Map<string, string>();
  for (const service of resolved) {
    const index = indexOf(service.name);
    const router = routers.get(service.plan.router.arn);
    if (router !== undefined)
      problems.push(
        problem(
          ['services', index],
          `same router as ${router}; got ${service.plan.router.arn}; allowed one service per listener or rule`,
          'two cutovers on one router would wait on each other’s lease; give each service its own rule',
        ),
      );
    else routers.set(service.plan.router.arn, service.name);
    const plan = plans.get(service.plan.name);
    if (plan !== undefined)
      problems.push(
        problem(
          ['services', index],
          `same plan name as ${plan}; got ${describeValue(service.plan.name)}; allowed a distinct plan name per service`,
          `use \${name} in the template name`,
        ),
      );
    else plans.set(service.plan.name, service.name);
  }
}
