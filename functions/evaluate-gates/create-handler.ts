import type { Progress } from '../../shared/core/progress.ts';
import { evaluateGates } from '../../shared/core/use-cases/evaluate-gates.ts';
import type {
  EvaluateGatesInput,
  WatchWaitInput,
  WatchWaitOutput,
} from '../../shared/core/use-cases/shapes.ts';
import { watchWait } from '../../shared/core/use-cases/watch-wait.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

type GatesTaskInput = EvaluateGatesInput | WatchWaitInput;

/**
 * EvaluateGates serves two kinds of state: the bake loop's poll (→ the bake decision) and the watched
 * waits (WaitForWindow, WaitForApproval, WaitForHuman: `watch` set → the wait's decision).
 */
export const createHandler = (deps: CutoverDeps) =>
  lambdaHandler(
    deps,
    'evaluate-gates',
    (input: GatesTaskInput, handlerDeps): Promise<Progress | WatchWaitOutput> =>
      'watch' in input ? watchWait(input, handlerDeps) : evaluateGates(input, handlerDeps),
  );
