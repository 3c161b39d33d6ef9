import { elbBucketOf } from '#core/token-bucket';
import type { ApiBudget } from '#ports/api-budget';
import type { ClientPlugin } from './sdk-client.ts';

interface StackLike {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'initialize'; name: string; override: boolean },
  ): void;
}

/**
 * Makes every ELBv2 call of a client take a token of the shared budget first (Modify* from the
 * write bucket, Describe* from the read bucket). It sits at the start of the stack, above the SDK's
 * retries: one token per call, so a cutover that finds the budget spent waits instead of sending.
 */
export function elbApiBudgetPlugin(budget: ApiBudget): ClientPlugin {
  return {
    applyToStack(stack) {
      (stack as StackLike).add(
        (next, context) => async (args) => {
          const bucket = elbBucketOf(context.commandName ?? '');
          if (bucket !== undefined) await budget.take(bucket);
          return next(args);
        },
        { step: 'initialize', name: 'cutoverElbApiBudget', override: true },
      );
    },
  };
}
