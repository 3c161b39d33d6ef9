// Writes schema/plan.schema.json from the zod plan schema. Run with `npm run schema` after changing
// shared/plan/schema.ts; test/unit/plan/json-schema.test.ts fails while the file is stale.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CAMPAIGN_JSON_SCHEMA_PATH, campaignJsonSchemaText } from '#campaign/json-schema';
import { PLAN_JSON_SCHEMA_PATH, planJsonSchemaText } from '#plan/json-schema';

const target = fileURLToPath(new URL(`../${PLAN_JSON_SCHEMA_PATH}`, import.meta.url));
await writeFile(target, planJsonSchemaText());
process.stdout.write(`wrote ${PLAN_JSON_SCHEMA_PATH}\n`);

const campaignTarget = fileURLToPath(new URL(`../${CAMPAIGN_JSON_SCHEMA_PATH}`, import.meta.url));
await writeFile(campaignTarget, campaignJsonSchemaText());
process.stdout.write(`wrote ${CAMPAIGN_JSON_SCHEMA_PATH}\n`);
