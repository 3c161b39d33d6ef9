import { AwsHookRunner } from '../../shared/aws/aws-hook-runner.ts';
import { createEventBridgeClient } from '../../shared/aws/eventbridge-client.ts';
import { createLambdaClient } from '../../shared/aws/lambda-client.ts';
import { createSecretsManagerClient } from '../../shared/aws/secrets-manager-client.ts';
import { lambdaDeps, lambdaEnv } from '../../shared/runtime/lambda-deps.ts';
import { events } from '../../shared/runtime/wiring/events-port.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { perRegion } from '../../shared/runtime/wiring/memo.ts';
import { audit, leases } from '../../shared/runtime/wiring/table-ports.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
const table = homeTable(env);

/** Lambda entry: the lease (fencing), audit, events, and the hook runner (Lambda, Secrets Manager, fetch). */
export const handler = createHandler({
  ...lambdaDeps('run-hook', env, {
    leases: leases(table),
    audit: audit(table),
    events: events(createEventBridgeClient({ region: env.homeRegion }), env.eventBusName),
  }),
  hooks: new AwsHookRunner({
    lambdaFor: perRegion((region) => createLambdaClient({ region })),
    secretsFor: perRegion((region) => createSecretsManagerClient({ region })),
    fetch: (url, init) => fetch(url, init),
    clock: env.clock,
  }),
});
