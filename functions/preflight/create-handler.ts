import { preflight } from '../../shared/core/use-cases/preflight.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** Preflight: destination ready and healthy, retreat capacity, alarms — before any write. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'preflight', preflight);
