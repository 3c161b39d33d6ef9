import { validate } from '#core/use-cases/validate';
import { lambdaHandler } from '#runtime/lambda-handler';
import type { LightDeps } from '#runtime/light-deps';

/** Validate: the execution input (the plan document) → resolved plan, settings, progress for step 1. */
export const createHandler = (deps: LightDeps) => lambdaHandler(deps, 'validate', validate);
