import { z } from 'zod';
import { CampaignDocumentSchema } from './schema.ts';

/** Where the generated campaign schema lives, relative to the repository root (`npm run schema`). */
export const CAMPAIGN_JSON_SCHEMA_PATH = 'schema/campaign.schema.json';

/** The campaign file's JSON Schema (draft-07), generated from the zod schema so both agree. */
export function campaignJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CampaignDocumentSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
}

export function campaignJsonSchemaText(): string {
  return `${JSON.stringify(campaignJsonSchema(), null, 2)}\n`;
}
