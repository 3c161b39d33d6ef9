import { createElbv2Client } from '../../shared/aws/elbv2-client.ts';
import { lambdaDeps, lambdaEnv } from '../../shared/runtime/lambda-deps.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { perRegion } from '../../shared/runtime/wiring/memo.ts';
import { routerFor } from '../../shared/runtime/wiring/router-ports.ts';
import { leases, ledger } from '../../shared/runtime/wiring/table-ports.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
const table = homeTable(env);

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaDeps('snapshot', env, {
    routerFor: routerFor(
      perRegion((region) => createElbv2Client({ region })),
      env,
    ),
    leases: leases(table),
    ledger: ledger(table),
  }),
);
