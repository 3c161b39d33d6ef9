import { awaitApproval } from '#core/use-cases/await-approval';
import type { CutoverDeps } from '#runtime/deps';
import { lambdaHandler } from '#runtime/lambda-handler';

/** AwaitApproval / Pause (`.waitForTaskToken`): the token stored on the lease, the wait announced. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'await-approval', awaitApproval);
