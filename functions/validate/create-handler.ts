import { validate } from '../../shared/core/use-cases/validate.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** Validate: the execution input (the plan document) → resolved plan, settings, progress for step 1. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'validate', validate);
