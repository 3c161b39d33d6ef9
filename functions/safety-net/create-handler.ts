import { safetyNet } from '../../shared/core/use-cases/safety-net.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** Safety net: restores routers whose execution stopped (status-change events and a 5-minute sweep). */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'safety-net', safetyNet);
