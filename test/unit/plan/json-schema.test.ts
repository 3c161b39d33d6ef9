import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PLAN_JSON_SCHEMA_PATH, planJsonSchema, planJsonSchemaText } from '#plan/index';

describe('schema/plan.schema.json', () => {
  it('is current with the zod schema (run `npm run schema` after changing shared/plan/schema.ts)', async () => {
    const onDisk = await readFile(new URL(`../../../${PLAN_JSON_SCHEMA_PATH}`, import.meta.url), 'utf8');
    expect(onDisk).toBe(planJsonSchemaText());
  });

  it('rejects unknown fields and requires the core fields, as editors should show', () => {
    const schema = planJsonSchema() as { additionalProperties: unknown; required: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name', 'router', 'targets', 'from', 'to', 'steps']);
  });
});
