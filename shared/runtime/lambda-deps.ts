import { ConfigurationError } from '#core/errors';
import type { CutoverPorts } from '#core/use-cases/ports';
import { type Clock, systemClock } from '#ports/clock';
import type { CutoverDeps } from './deps.ts';
import { powertoolsLogger } from './logger.ts';
import { powertoolsMetrics } from './metrics.ts';
import { withUnwiredPorts } from './wiring/not-wired.ts';
import {
  buildPorts,
  type ClientOverrides,
  lazyClientContext,
  type PortBuilders,
} from './wiring/wiring-context.ts';

/**
 * The Lambda side of composition. Each `functions/<name>/handler.ts` builds, at module scope (once
 * per container), only the SDK clients and adapters its use-case calls and hands them to
 * `lambdaDeps`; every other port fails loudly by name. This module imports no SDK package, so a
 * bundle holds exactly the clients its handler.ts names (cold start: each package costs its load).
 */

/** What a Lambda reads from its environment. TABLE_NAME is required; EVENT_BUS_NAME defaults to `default`. */
export interface LambdaEnv {
  readonly tableName: string;
  readonly eventBusName: string;
  /** Region of the table, the event bus and the state machine: the Lambda's own. */
  readonly homeRegion: string;
  readonly clock: Clock;
}

export function lambdaEnv(env: NodeJS.ProcessEnv = process.env): LambdaEnv {
  const tableName = env.TABLE_NAME;
  if (!tableName) {
    throw new ConfigurationError(
      'lambda environment: TABLE_NAME is not set; desired the Cutover table name; check the function configuration',
    );
  }
  return {
    tableName,
    eventBusName: env.EVENT_BUS_NAME ?? 'default',
    homeRegion: env.AWS_REGION ?? 'us-east-1',
    clock: systemClock,
  };
}

/** The deps of one function: the ports it wired, Powertools logging and metrics, the system clock. */
export function lambdaDeps(
  functionName: string,
  env: LambdaEnv,
  wired: Partial<Omit<CutoverPorts, 'clock'>>,
): CutoverDeps {
  return {
    ...withUnwiredPorts(functionName, wired),
    clock: env.clock,
    logger: powertoolsLogger(),
    metrics: powertoolsMetrics(),
  };
}

/**
 * A Lambda's composition root: the function names the ports its use-case calls, by their per-port
 * builders (shared/runtime/ports), and gets them built once per container over clients made on first
 * use; every other port fails loudly by name. The same builders make the CLI's and the local
 * executor's roots.
 */
export function lambdaPorts(
  functionName: string,
  builders: PortBuilders,
  options: { readonly env?: LambdaEnv; readonly clients?: ClientOverrides } = {},
): CutoverDeps {
  const env = options.env ?? lambdaEnv();
  const settings = {
    homeRegion: env.homeRegion,
    tableName: env.tableName,
    eventBusName: env.eventBusName,
    clock: env.clock,
  };
  return lambdaDeps(functionName, env, buildPorts(builders, lazyClientContext(settings, options.clients)));
}
