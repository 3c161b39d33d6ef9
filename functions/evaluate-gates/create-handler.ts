import type { Progress } from '../../shared/core/progress.ts';
import { evaluateGates } from '../../shared/core/use-cases/evaluate-gates.ts';
import type {
  EvaluateGatesInput,
  RollbackBakeInput,
  RollbackBakeOutput,
  WatchWaitInput,
  WatchWaitOutput,
} from '../../shared/core/use-cases/shapes.ts';
import { rollbackBakePoll } from '../../shared/core/use-cases/stepped-rollback.ts';
import { watchWait } from '../../shared/core/use-cases/watch-wait.ts';
import type { CutoverDeps } from '../../shared/runtime/deps.ts';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.ts';

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
