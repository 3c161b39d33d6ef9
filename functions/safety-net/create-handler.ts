import { safetyNet } from '#core/use-cases/safety-net';
import type { CutoverDeps } from '#runtime/deps';
import { lambdaHandler } from '#runtime/lambda-handler';

/** Safety net: restores routers whose execution stopped (status-change events and a 5-minute sweep). */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'safety-net', safetyNet);
