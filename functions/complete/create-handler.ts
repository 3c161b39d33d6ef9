import { complete } from '../../shared/core/use-cases/complete.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** Complete / Release / ReleaseAfterDrift: close, release, audit, outcome event. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'complete', complete);
