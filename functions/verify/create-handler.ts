import { verify } from '#core/use-cases/verify';
import type { CutoverDeps } from '#runtime/deps';
import { lambdaHandler } from '#runtime/lambda-handler';

/** Verify: read-back of the written weights; the bake starts. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'verify', verify);
