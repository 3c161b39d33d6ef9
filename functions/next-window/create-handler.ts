import { nextWindow } from '../../shared/core/use-cases/next-window.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** NextWindow: when the change window next opens, for WaitForWindow. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'next-window', nextWindow);
