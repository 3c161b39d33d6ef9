import { snapshot } from '../../shared/core/use-cases/snapshot.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** Snapshot: the router's exact actions, stored on the lease and read back. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'snapshot', snapshot);
