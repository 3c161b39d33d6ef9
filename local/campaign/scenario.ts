import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ResolvedCampaign } from '#campaign/types';
import { PlanInvalidError, ScenarioInvalidError } from '#core/errors';
import { describeValue, didYouMean, formatProblem, problem } from '#plan/problems';
import { zodIssuesToProblems } from '#plan/schema-issues';
import { parsePlanText } from '#plan/text';
import { DEFAULT_SEED, DEFAULT_START, resolveScenario, type Scenario } from '../scenario/scenario.ts';

/**
 * A campaign rehearsal's world: the seed and start shared by every service, scenario fields every
 * service gets (`defaults`), and per-service scenario fields on top (`services.<name>`), in the
 * single-cutover scenario format. A service's fault times count from the moment its cutover starts.
 *
 *   seed: 42
 *   defaults: { requestsPerSecond: 200, targets: { ecs: { healthyTargets: 3 } } }
 *   services:
 *     crawler-05: { faults: [{ at: 12m, target: ecs, set: { errorPercent: 8 } }] }
 */
const allowed = (text: string) => ({ error: `allowed ${text}` });
const Fields = z.record(z.string(), z.unknown(), allowed('a mapping of scenario fields'));

export const CampaignScenarioSchema = z.strictObject({
  seed: z.number(allowed('a whole number ≥ 0')).int(allowed('a whole number ≥ 0')).min(0).optional(),
  startAt: z.string(allowed('an ISO-8601 instant such as 2026-03-02T01:00:00Z')).optional(),
  defaults: Fields.optional(),
  services: z.record(z.string(), Fields, allowed('a mapping of service name → scenario fields')).optional(),
});

export interface CampaignScenario {
  readonly source: string;
  readonly seed: number;
  readonly startAt: Date;
  /** Every service's scenario; fault times are from the service's own start. */
  readonly services: ReadonlyMap<string, Scenario>;
}

export async function loadCampaignScenario(
  path: string,
  campaign: ResolvedCampaign,
  display = path,
): Promise<CampaignScenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ScenarioInvalidError([
      `${display}: no such file or unreadable; allowed a campaign scenario file (.yaml, .json)`,
    ]);
  }
  let raw: unknown;
  try {
    raw = parsePlanText(text, display);
  } catch (error) {
    if (error instanceof PlanInvalidError) throw new ScenarioInvalidError(error.problems);
    throw error;
  }
  return resolveCampaignScenario(raw ?? {}, campaign, display);
}

export function defaultCampaignScenario(campaign: ResolvedCampaign): CampaignScenario {
  return resolveCampaignScenario({}, campaign, '(default)');
}

export function resolveCampaignScenario(
  raw: unknown,
  campaign: ResolvedCampaign,
  source: string,
): CampaignScenario {
  const parsed = CampaignScenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems = zodIssuesToProblems(parsed.error.issues, CampaignScenarioSchema);
    throw new ScenarioInvalidError(problems.map((p) => `${source}: ${formatProblem(p)}`));
  }
  const doc = parsed.data;
  const names = campaign.services.map((service) => service.name);
  const unknown = Object.keys(doc.services ?? {}).filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new ScenarioInvalidError(
      unknown.map(
        (name) =>
          `${source}: ${formatProblem(problem(['services', name], `not a service of campaign ${campaign.name}; got ${describeValue(name)}; allowed ${names.join(', ')}`, didYouMean(name, names)))}`,
      ),
    );
  }
  const seed = doc.seed ?? DEFAULT_SEED;
  const startAt = doc.startAt ?? DEFAULT_START;
  const services = new Map<string, Scenario>();
  const problems: string[] = [];
  for (const service of campaign.services) {
    const own = doc.services?.[service.name] ?? {};
    const merged = {
      ...doc.defaults,
      ...own,
      targets: mergeTargets(doc.defaults?.targets, own.targets),
      seed: own.seed ?? serviceSeed(seed, service.name),
      startAt,
    };
    try {
      services.set(service.name, resolveScenario(merged, service.plan, `${source} (${service.name})`));
    } catch (error) {
      if (!(error instanceof ScenarioInvalidError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ScenarioInvalidError(problems);
  return { source, seed, startAt: new Date(startAt), services };
}

function mergeTargets(defaults: unknown, own: unknown): unknown {
  if (defaults === undefined) return own;
  if (own === undefined) return defaults;
  if (typeof defaults !== 'object' || typeof own !== 'object' || defaults === null || own === null)
    return own;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [name, value] of Object.entries(own)) {
    const base = merged[name];
    merged[name] =
      typeof base === 'object' && base !== null && typeof value === 'object' ? { ...base, ...value } : value;
  }
  return merged;
}

/** Each service's own seed, derived from the campaign's (FNV-1a): same campaign seed → same worlds. */
export function serviceSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const char of `${seed}:${name}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 1_000_000;
}
