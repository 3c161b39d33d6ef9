import { validate } from '../../shared/core/use-cases/validate.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';
import type { LightDeps } from '../../shared/runtime/light-deps.ts';

/** Validate: the execution input (the plan document) → resolved plan, settings, progress for step 1. */
export const createHandler = (deps: LightDeps) => lambdaHandler(deps, 'validate', validate);
