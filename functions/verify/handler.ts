import { lambdaDeps, lambdaEnv } from '../../shared/runtime/lambda-deps.ts';
import { budgetedElbv2 } from '../../shared/runtime/wiring/elb-budget.ts';
import { homeTable } from '../../shared/runtime/wiring/home-table.ts';
import { routerFor } from '../../shared/runtime/wiring/router-ports.ts';
import { leases } from '../../shared/runtime/wiring/table-ports.ts';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaDeps('verify', env, {
    routerFor: routerFor(budgetedElbv2(env), env),
    leases: leases(homeTable(env)),
  }),
);
