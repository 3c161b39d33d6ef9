import { z } from 'zod';
import { PlanDocumentSchema } from './schema.ts';

/** Where the generated schema lives, relative to the repository root (`npm run schema` writes it). */
export const PLAN_JSON_SCHEMA_PATH = 'schema/plan.schema.json';

/**
 * The plan's JSON Schema (draft-07, which editors' YAML plugins understand best), generated from the
 * zod schema so that both always agree. Cross-field rules are not expressible here; `cutover
 * validate` checks those.
 */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PlanDocumentSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
}

/** The file's exact text: stable key order, two-space indent, trailing newline. */
export function planJsonSchemaText(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}
