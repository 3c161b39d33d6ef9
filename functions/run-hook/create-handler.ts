import { runHook } from '../../shared/core/use-cases/run-hook.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** RunHook / RunRollbackHook: ask one lifecycle hook once; the state machine waits and asks again. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'run-hook', runHook);
