import type { Clock } from '../ports/clock.ts';
import { systemClock } from '../ports/clock.ts';
import { type CutoverLogger, powertoolsLogger } from './logger.ts';
import { type CutoverMetrics, powertoolsMetrics } from './metrics.ts';

/**
 * Deps of the functions that never call AWS (validate, next-window): no SDK client is imported,
 * which keeps their bundles small and their cold starts short.
 */
export interface LightDeps {
  readonly clock: Clock;
  readonly logger: CutoverLogger;
  readonly metrics: CutoverMetrics;
}

export function lightDepsFromEnv(): LightDeps {
  return { clock: systemClock, logger: powertoolsLogger(), metrics: powertoolsMetrics() };
}
