import { rollbackTask } from '#core/use-cases/rollback';
import type { CutoverDeps } from '#runtime/deps';
import { lambdaHandler } from '#runtime/lambda-handler';

/** Rollback: restore the snapshot (and ReportRollbackFailure when it cannot). */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'rollback', rollbackTask);
