import { nextWindow } from '../../shared/core/use-cases/next-window.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';
import type { LightDeps } from '../../shared/runtime/light-deps.ts';

/** NextWindow: when the change window next opens, for WaitForWindow. */
export const createHandler = (deps: LightDeps) => lambdaHandler(deps, 'next-window', nextWindow);
