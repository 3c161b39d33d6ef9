import { evaluateGates } from '../../shared/core/use-cases/evaluate-gates.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

/** EvaluateGates: one gate poll (or a few for very long plans) → the bake decision. */
export const createHandler = (deps: CutoverDeps) => lambdaHandler(deps, 'evaluate-gates', evaluateGates);
