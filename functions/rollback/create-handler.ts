import { rollbackTask } from '../../shared/core/use-cases/rollback.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** Rollback: restore the snapshot (and ReportRollbackFailure when it cannot). */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'rollback', rollbackTask);
