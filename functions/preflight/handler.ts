import { lambdaPorts } from '../../shared/runtime/lambda-deps.ts';
import { alarmsPort } from '../../shared/runtime/ports/cloudwatch.ts';
import { platformPort } from '../../shared/runtime/ports/platform.ts';
import { healthPort } from '../../shared/runtime/ports/router.ts';
import { leasesPort } from '../../shared/runtime/ports/table.ts';
import { createHandler } from './create-handler.ts';

/** Lambda entry: only the clients and adapters this use-case calls, built once per container. */
export const handler = createHandler(
  lambdaPorts('preflight', {
    healthFor: healthPort,
    platformFor: platformPort,
    alarmsFor: alarmsPort,
    leases: leasesPort,
  }),
);
