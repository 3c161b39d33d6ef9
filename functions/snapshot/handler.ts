import { lambdaDeps, lambdaEnv } from '../../shared/runtime/lambda-deps.ts';
import { budgetedElbv2 } from '../../shared/runtime/wiring/elb-budget.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { routerFor } from '../../shared/runtime/wiring/router-ports.ts';
import { leases, ledger } from '../../shared/runtime/wiring/table-ports.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
const table = homeTable(env);

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaDeps('snapshot', env, {
    routerFor: routerFor(budgetedElbv2(env, table), env),
    leases: leases(table),
    ledger: ledger(table),
  }),
);
