import { nextWindow } from '#core/use-cases/next-window';
import { lambdaHandler } from '#runtime/lambda-handler';
import type { LightDeps } from '#runtime/light-deps';

/** NextWindow: when the change window next opens, for WaitForWindow. */
export const createHandler = (deps: LightDeps) => lambdaHandler(deps, 'next-window', nextWindow);
