import { awaitApproval } from '../../shared/core/use-cases/await-approval.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** AwaitApproval / Pause (`.waitForTaskToken`): the token stored on the lease, the wait announced. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'await-approval', awaitApproval);
