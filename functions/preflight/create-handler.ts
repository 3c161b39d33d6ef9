import { preflight } from '#core/use-cases/preflight';
import type { CutoverDeps } from '#runtime/deps';
import { lambdaHandler } from '#runtime/lambda-handler';

/** Preflight: destination ready and healthy, retreat capacity, alarms — before any write. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'preflight', preflight);
