import type { Progress } from '#core/progress';
import { evaluateGates } from '#core/use-cases/evaluate-gates';
import type {
  EvaluateGatesInput,
  RollbackBakeInput,
  RollbackBakeOutput,
  WatchWaitInput,
  WatchWaitOutput,
} from '#core/use-cases/shapes';
import { rollbackBakePoll } from '#core/use-cases/stepped-rollback';
import { watchWait } from '#core/use-cases/watch-wait';
import type { CutoverDeps } from '#runtime/deps';
import { lambdaHandler } from '#runtime/lambda-handler';

type GatesTaskInput = EvaluateGatesInput | WatchWaitInput | RollbackBakeInput;

/**
 * EvaluateGates serves three kinds of state: the bake loop's poll (→ the bake decision), the watched
 * waits (WaitForWindow, WaitForApproval, WaitForHuman: `watch` set → the wait's decision) and the
 * source's poll during a stepped rollback (RollbackGates: `rollbackStep` set).
 */
export const createHandler = (deps: CutoverDeps) =>
  lambdaHandler(
    deps,
    'evaluate-gates',
    (input: GatesTaskInput, handlerDeps): Promise<Progress | WatchWaitOutput | RollbackBakeOutput> =>
      'rollbackStep' in input
        ? rollbackBakePoll(input, handlerDeps)
        : 'watch' in input
          ? watchWait(input, handlerDeps)
          : evaluateGates(input, handlerDeps),
  );
