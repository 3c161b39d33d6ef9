import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CAMPAIGN_JSON_SCHEMA_PATH, campaignJsonSchema, campaignJsonSchemaText } from '#campaign/json-schema';

describe('schema/campaign.schema.json', () => {
  it('is current with the zod schema (run `npm run schema` after changing shared/campaign/schema.ts)', async () => {
    const onDisk = await readFile(new URL(`../../../${CAMPAIGN_JSON_SCHEMA_PATH}`, import.meta.url), 'utf8');
    expect(onDisk).toBe(campaignJsonSchemaText());
  });

  it('rejects unknown fields and requires the campaign name and its services', () => {
    const schema = campaignJsonSchema() as { additionalProperties: unknown; required: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['campaign', 'services']);
  });
});
