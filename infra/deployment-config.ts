import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { readPlanDocument } from '#plan/index';
import type { CutoverSchedule } from './schedules.ts';

/**
 * The deployment config file (`cutover.config.json` at the repository root): which routers this
 * deployment may modify, who is notified, recurring schedules. Unknown keys are refused, so a typo
 * cannot silently drop a setting.
 */
const ConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  /** CloudFormation stack name; the CLI finds the outputs with `--stack <name>`. */
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/)
    .default('Cutover'),
  /** Pin the stack to one account/region; omitted: the CLI credentials' account and region. */
  env: z.strictObject({ account: z.string().regex(/^\d{12}$/), region: z.string().min(1) }).optional(),
  routers: z.array(z.string()).min(1),
  notifications: z.strictObject({ emails: z.array(z.email()).default([]) }).default({ emails: [] }),
  schedules: z
    .array(
      z.strictObject({
        name: z.string(),
        /** Plan file, relative to the config file. */
        plan: z.string(),
        cron: z.string(),
        timeZone: z.string().default('UTC'),
        enabled: z.boolean().default(true),
        description: z.string().optional(),
      }),
    )
    .default([]),
  logRetentionDays: z.number().int().positive().default(90),
  removalPolicy: z.enum(['retain', 'destroy']).default('retain'),
  tableDeletionProtection: z.boolean().default(true),
  writerConcurrency: z.number().int().min(1).max(100).default(5),
  /** The account's ELB API budget the deployment's cutovers share; each kind defaults to the documented limit. */
  elbApiBudget: z
    .strictObject({
      modify: z.strictObject({ burst: z.number().min(1), perSecond: z.number().positive() }).optional(),
      describe: z.strictObject({ burst: z.number().min(1), perSecond: z.number().positive() }).optional(),
    })
    .optional(),
  /** Lifecycle hooks plans may call (exact ARNs): RunHook's only Invoke and GetSecretValue grants. */
  hooks: z
    .strictObject({
      functionArns: z.array(z.string()).default([]),
      secretArns: z.array(z.string()).default([]),
    })
    .optional(),
  /**
   * VPC and subnets for the functions that read a Kubernetes API (EKS with a private endpoint);
   * imported by ID, no lookup at synth. Omitted: no function runs in a VPC.
   */
  vpc: z
    .strictObject({
      vpcId: z.string().regex(/^vpc-[0-9a-f]+$/),
      subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/)).min(1),
    })
    .optional(),
});

export type DeploymentConfig = z.infer<typeof ConfigSchema>;

/** Reads and checks the config; throws one message listing every problem with its JSON path. */
export async function readDeploymentConfig(file: string): Promise<DeploymentConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `Cutover config ${file}: cannot read it as JSON (${error instanceof Error ? error.message : String(error)}); ` +
        'fix the file or pass another with CUTOVER_CONFIG=<path>',
    );
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Cutover config ${file}: invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Reads each schedule's plan file (relative to the config file) into its raw document. */
export async function readSchedules(
  config: DeploymentConfig,
  configFile: string,
): Promise<CutoverSchedule[]> {
  const base = path.dirname(configFile);
  return Promise.all(
    config.schedules.map(async (s) => {
      const planFile = path.resolve(base, s.plan);
      return {
        name: s.name,
        plan: await readPlanDocument(planFile),
        planSource: s.plan,
        cron: s.cron,
        timeZone: s.timeZone,
        enabled: s.enabled,
        ...(s.description !== undefined ? { description: s.description } : {}),
      };
    }),
  );
}
