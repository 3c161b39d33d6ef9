import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { CutoverProps } from './cutover-construct.ts';
import { CutoverStack, cutoverPropsFromConfig } from './cutover-stack.ts';
import { readDeploymentConfig, readSchedules } from './deployment-config.ts';

export const DEFAULT_CONFIG_FILE = fileURLToPath(new URL('../cutover.config.json', import.meta.url));

export interface CutoverAppOptions {
  /** @default CUTOVER_CONFIG, else cutover.config.json at the repository root */
  readonly configFile?: string;
  /** @default the CDK CLI's choice (cdk.out) */
  readonly outdir?: string;
  /** Extra CDK context (tests use it, e.g. to skip bundling). */
  readonly context?: Record<string, unknown>;
  /** Overrides on top of the config (tests, forks). */
  readonly overrides?: Partial<CutoverProps>;
}

/**
 * The app `cdk synth` runs: one CutoverStack from the deployment config, with cdk-nag
 * AwsSolutions as a policy-validation plugin — an unacknowledged finding fails synthesis.
 */
export async function createCutoverApp(
  options: CutoverAppOptions = {},
): Promise<{ app: App; stack: CutoverStack }> {
  const configFile = path.resolve(options.configFile ?? process.env.CUTOVER_CONFIG ?? DEFAULT_CONFIG_FILE);
  const config = await readDeploymentConfig(configFile);
  const schedules = await readSchedules(config, configFile);
  const app = new App({
    ...(options.outdir !== undefined ? { outdir: options.outdir } : {}),
    ...(options.context !== undefined ? { context: options.context } : {}),
  });
  const stack = new CutoverStack(app, config.stackName, {
    description: 'Cutover: ALB weighted target group migrations between EC2, ECS and EKS',
    ...(config.env !== undefined ? { env: config.env } : {}),
    cutover: { ...cutoverPropsFromConfig(config, schedules), ...options.overrides },
    ...(config.vpc !== undefined ? { network: config.vpc } : {}),
  });
  addPolicyChecks(app);
  return { app, stack };
}

/** cdk-nag AwsSolutions as a policy-validation plugin: an unacknowledged finding fails synthesis. */
export function addPolicyChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}
