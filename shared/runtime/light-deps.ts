import type { Clock } from '#ports/clock';
import { systemClock } from '#ports/clock';
import { type CutoverLogger, powertoolsLogger } from './logger.ts';
import { type CutoverMetrics, powertoolsMetrics } from './metrics.ts';

/**
 * Deps of the functions that never call AWS (validate, next-window): no SDK client is imported,
 * which keeps their bundles small and their cold starts short.
 */
export interface LightDeps {
  readonly clock: Clock;
  /** Validate only: the routers this deployment may modify; absent = no restriction. */
  readonly allowedRouters?: readonly string[];
  readonly logger: CutoverLogger;
  readonly metrics: CutoverMetrics;
}

/** Set by the construct on the validate function: the configured router ARNs, comma-separated. */
export const ROUTERS_ENV_VAR = 'CUTOVER_ROUTERS';

export function lightDepsFromEnv(env: NodeJS.ProcessEnv = process.env): LightDeps {
  const allowedRouters = routersFromEnv(env[ROUTERS_ENV_VAR]);
  return {
    clock: systemClock,
    logger: powertoolsLogger(),
    metrics: powertoolsMetrics(),
    ...(allowedRouters !== undefined ? { allowedRouters } : {}),
  };
}

/** `arn1,arn2` → the list; unset or blank → undefined (no restriction). */
export function routersFromEnv(value: string | undefined): readonly string[] | undefined {
  const arns = (value ?? '')
    .split(',')
    .map((arn) => arn.trim())
    .filter((arn) => arn !== '');
  return arns.length > 0 ? arns : undefined;
}
