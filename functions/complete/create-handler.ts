import { complete } from '#core/use-cases/complete';
import type { CutoverDeps } from '#runtime/deps';
import { lambdaHandler } from '#runtime/lambda-handler';

/** Complete / Release / ReleaseAfterDrift: close, release, audit, outcome event. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'complete', complete);
