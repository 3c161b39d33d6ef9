import { acquireLease } from '../../shared/core/use-cases/acquire-lease.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** AcquireLease: the per-router lease with a fencing token, and the execution opened in the ledger. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'acquire-lease', acquireLease);
