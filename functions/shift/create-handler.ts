import { shift } from '#core/use-cases/shift';
import type { CutoverDeps } from '#runtime/deps';
import { lambdaHandler } from '#runtime/lambda-handler';

/** Shift: the step's weights, written idempotently under the lease. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'shift', shift);
