import { runHook } from '#core/use-cases/run-hook';
import type { CutoverDeps } from '#runtime/deps';
import { lambdaHandler } from '#runtime/lambda-handler';

/** RunHook / RunRollbackHook: ask one lifecycle hook once; the state machine waits and asks again. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'run-hook', runHook);
