import { acquireLease } from '#core/use-cases/acquire-lease';
import type { CutoverDeps } from '#runtime/deps';
import { lambdaHandler } from '#runtime/lambda-handler';

/** AcquireLease: the per-router lease with a fencing token, and the execution opened in the ledger. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'acquire-lease', acquireLease);
