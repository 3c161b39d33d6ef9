import { snapshot } from '#core/use-cases/snapshot';
import type { CutoverDeps } from '#runtime/deps';
import { lambdaHandler } from '#runtime/lambda-handler';

/** Snapshot: the router's exact actions, stored on the lease and read back. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'snapshot', snapshot);
