import { shift } from '../../shared/core/use-cases/shift.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** Shift: the step's weights, written idempotently under the lease. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'shift', shift);
