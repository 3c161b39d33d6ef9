import { createElbv2Client } from '../../shared/aws/elbv2-client.ts';
import { lambdaDeps, lambdaEnv } from '../../shared/runtime/lambda-deps.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { perRegion } from '../../shared/runtime/wiring/memo.ts';
import { routerFor } from '../../shared/runtime/wiring/router-ports.ts';
import { leases } from '../../shared/runtime/wiring/table-ports.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaDeps('verify', env, {
    routerFor: routerFor(
      perRegion((region) => createElbv2Client({ region })),
      env,
    ),
    leases: leases(homeTable(env)),
  }),
);
