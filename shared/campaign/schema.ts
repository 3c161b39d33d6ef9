import { z } from 'zod';
import { ELB_ACCOUNT_LIMITS } from '#core/token-bucket';
import { PLAN_NAME_PATTERN } from '#plan/schema';

/**
 * The campaign document: many services moved as one change (waves, dependencies, a concurrency cap,
 * a failure policy and the account's ELB API budget). Strict like the plan: unknown keys are errors.
 * Shape only; the resolver (resolve.ts) checks names, dependencies and every service's plan.
 *
 * Custom messages start with `allowed …` so problems read `path: problem; got X; allowed Y`.
 */

const allowed = (text: string) => ({ error: `allowed ${text}` });

const Name = z
  .string(allowed('a name of a-z, 0-9 and -, 1–64 characters'))
  .regex(PLAN_NAME_PATTERN, allowed('a name of a-z, 0-9 and -, 1–64 characters'));

const PositiveInt = (what: string, max: number) =>
  z
    .number(allowed(`a whole number of ${what}, 1–${max}`))
    .int(allowed(`a whole number of ${what}, 1–${max}`))
    .min(1, allowed(`a whole number of ${what}, 1–${max}`))
    .max(max, allowed(`a whole number of ${what}, 1–${max}`));

const Rate = z
  .number(allowed('requests per second > 0'))
  .positive(allowed('requests per second > 0'))
  .max(10_000, allowed('requests per second ≤ 10000'));

const Bucket = (defaults: { burst: number; perSecond: number }) =>
  z
    .strictObject({
      burst: PositiveInt('tokens', 100_000).optional().describe(`Bucket size (default ${defaults.burst}).`),
      perSecond: Rate.optional().describe(`Refill per second (default ${defaults.perSecond}).`),
    })
    .describe('A token bucket: `burst` tokens, refilled at `perSecond`.');

/** A plan document, or a template of one: checked as a plan once its values are filled in. */
const PlanLike = z
  .record(z.string(), z.unknown(), allowed('a plan document (a mapping: name, router, targets, …)'))
  .describe(`A plan (see plan.schema.json); in a template, any string may hold \${key} placeholders.`);

const Values = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, allowed('a key of letters, digits and _')),
    z.union([z.string(), z.number(), z.boolean()], allowed('a string, number or boolean')),
    allowed('a mapping of placeholder values'),
  )
  .describe(`Values for the template placeholders \${key}; \${name} is the service name.`);

export const CampaignServiceSchema = z
  .strictObject({
    name: Name.describe('The service; names its cutover in the campaign.'),
    wave: PositiveInt('waves', 100)
      .optional()
      .describe('Wave number (default 1): a wave starts once every service of earlier waves has ended.'),
    after: z
      .array(Name, allowed('a list of service names'))
      .optional()
      .describe(
        'Services of the same wave that must have ended before this one starts (it runs in a later stage).',
      ),
    plan: PlanLike.optional().describe('The full plan of this service (instead of the template).'),
    values: Values.optional(),
  })
  .describe('One service of the campaign: its own plan, or the template filled with its values.');

export const FailurePolicySchema = z
  .strictObject({
    haltAfter: PositiveInt('rollbacks', 1000)
      .optional()
      .describe(
        'After this many services did not succeed (rolled back, rejected, failed), no later stage starts; the services already running finish or roll back. Checked between stages. Default: 1.',
      ),
    abortAll: z
      .boolean(allowed('true or false'))
      .optional()
      .describe(
        'On a critical failure (a rollback that failed, drift, an unrestorable snapshot) stop every running cutover of the stage (the safety net restores their snapshots) and end the campaign. Default true.',
      ),
  })
  .describe('What the campaign does when services fail.');

export const CampaignDocumentSchema = z
  .strictObject({
    $schema: z.string().optional(),
    campaign: Name.describe('The campaign name (names its execution).'),
    description: z.string(allowed('text')).max(1024, allowed('at most 1024 characters')).optional(),
    maxConcurrent: PositiveInt('services', 1000)
      .optional()
      .describe('Cutovers running at once, at most (default 1).'),
    failurePolicy: FailurePolicySchema.optional(),
    elbApiBudget: z
      .strictObject({
        modify: Bucket(ELB_ACCOUNT_LIMITS.modify).optional(),
        describe: Bucket(ELB_ACCOUNT_LIMITS.describe).optional(),
      })
      .optional()
      .describe(
        "The account's ELB API limits in the router's region, shared by every cutover (defaults: the documented Modify* 20 + 3/s, Describe* 200 + 50/s).",
      ),
    template: PlanLike.optional().describe(
      `One plan for every service that has no \`plan\`, with \${key} placeholders.`,
    ),
    services: z
      .array(CampaignServiceSchema, allowed('a list of services'))
      .min(1, allowed('at least one service'))
      .max(1000, allowed('at most 1000 services')),
  })
  .describe('A campaign: many services moved as one change (cutover validate/rehearse accept it).');

export type CampaignDocument = z.infer<typeof CampaignDocumentSchema>;
export type CampaignServiceDocument = z.infer<typeof CampaignServiceSchema>;

/** A document is a campaign when it has the top-level `campaign` key (a plan never does). */
export function isCampaignDocument(document: unknown): boolean {
  return (
    typeof document === 'object' && document !== null && !Array.isArray(document) && 'campaign' in document
  );
}
