import { lambdaEnv, lambdaPorts } from '#runtime/lambda-deps';
import { alarmsPort } from '#runtime/ports/cloudwatch';
import { platformPort } from '#runtime/ports/platform';
import { healthPort } from '#runtime/ports/router';
import { auditPort, leasesPort } from '#runtime/ports/table';
import { testRoutesPort } from '#runtime/ports/test-route';
import { budgetedElbv2 } from '#runtime/wiring/elb-budget';
import { createHandler } from './create-handler.ts';

const env = lambdaEnv();
// ELBv2 calls take a token of the deployment's shared ELB API budget first (shared/runtime/wiring/elb-budget.ts).
const clients = { elbv2: budgetedElbv2(env) };

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaPorts(
    'preflight',
    {
      healthFor: healthPort,
      platformFor: platformPort,
      alarmsFor: alarmsPort,
      testRoutesFor: testRoutesPort,
      leases: leasesPort,
      audit: auditPort,
    },
    { env, clients },
  ),
);
