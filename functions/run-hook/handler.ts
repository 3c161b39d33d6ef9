import { AwsHookRunner } from '#aws/aws-hook-runner';
import { createEventBridgeClient } from '#aws/eventbridge-client';
import { createLambdaClient } from '#aws/lambda-client';
import { createSecretsManagerClient } from '#aws/secrets-manager-client';
import { lambdaDeps, lambdaEnv } from '#runtime/lambda-deps';
import { events } from '#runtime/wiring/events-port';
import { homeTable } from '#runtime/wiring/home-table';
import { perRegion } from '#runtime/wiring/memo';
import { audit, leases } from '#runtime/wiring/table-ports';
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
