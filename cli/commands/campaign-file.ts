import { isAbsolute, resolve } from 'node:path';
import { isCampaignDocument } from '#campaign/schema';
import { readPlanDocument } from '#plan/load';

/**
 * Whether a file given to `validate` or `rehearse` is a campaign (top-level `campaign:` key) rather
 * than a plan. A file that cannot be read is not: the plan path reports why.
 */
export async function isCampaignFile(file: string, cwd: string): Promise<boolean> {
  try {
    return isCampaignDocument(await readPlanDocument(pathIn(cwd, file)));
  } catch {
    return false;
  }
}

export function pathIn(cwd: string, file: string): string {
  return isAbsolute(file) ? file : resolve(cwd, file);
}
