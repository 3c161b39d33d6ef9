import { type AwsClients, createAwsClients } from '../aws/clients.ts';
import { ConfigurationError } from '../core/errors.ts';
import { systemClock } from '../ports/clock.ts';
import { type CutoverDeps, createCutoverDeps } from './deps.ts';

/**
 * The Lambda side of composition: deps from the environment, built once per container (module
 * scope of each handler.ts). TABLE_NAME is required; EVENT_BUS_NAME defaults to `default`.
 */
export function lambdaDepsFromEnv(env: NodeJS.ProcessEnv = process.env): CutoverDeps {
  const tableName = env.TABLE_NAME;
  if (!tableName) {
    throw new ConfigurationError(
      'lambda environment: TABLE_NAME is not set; desired the Cutover table name; check the function configuration',
    );
  }
  const clients = new Map<string, AwsClients>();
  return createCutoverDeps({
    clientsFor: (region) => {
      let found = clients.get(region);
      if (!found) {
        found = createAwsClients({ region });
        clients.set(region, found);
      }
      return found;
    },
    tableName,
    eventBusName: env.EVENT_BUS_NAME ?? 'default',
    clock: systemClock,
    ...(env.AWS_REGION ? { homeRegion: env.AWS_REGION } : {}),
  });
}
