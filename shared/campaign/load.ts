import { CampaignInvalidError, PlanInvalidError } from '#core/errors';
import { readPlanDocument } from '#plan/load';
import { formatProblem } from '#plan/problems';
import { resolveCampaign } from './resolve.ts';
import type { ResolvedCampaign } from './types.ts';

/**
 * Reads and resolves a campaign file (YAML or JSON, same size and encoding rules as a plan). Throws
 * CampaignInvalidError listing every problem, each as `path: problem; got X; allowed Y — hint: …`.
 */
export async function loadCampaign(path: string, display = path): Promise<ResolvedCampaign> {
  return resolveCampaignDocument(await readCampaignDocument(path, display));
}

export async function readCampaignDocument(path: string, display = path): Promise<unknown> {
  try {
    return await readPlanDocument(path);
  } catch (error) {
    if (!(error instanceof PlanInvalidError)) throw error;
    throw new CampaignInvalidError(
      error.problems.map((line) => (line.startsWith(path) ? `${display}${line.slice(path.length)}` : line)),
    );
  }
}

export function resolveCampaignDocument(document: unknown): ResolvedCampaign {
  const result = resolveCampaign(document);
  if (!result.ok) throw new CampaignInvalidError(result.problems.map(formatProblem));
  return result.campaign;
}
