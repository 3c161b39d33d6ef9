import { verify } from '../../shared/core/use-cases/verify.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** Verify: read-back of the written weights; the bake starts. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'verify', verify);
