import type { ExecutionView } from '#core/operations/execution-view';
import { ExitCode } from '../io.ts';

// The fold of an execution's history into its progress lives in core; the CLI adds its exit codes.
export * from '#core/operations/execution-view';

/** 0 while running or after success; 1 for every other ending (DESIGN §8). */
export function exitCodeOf(view: Pick<ExecutionView, 'outcome'>): number {
  return view.outcome === 'succeeded' || view.outcome === 'running' ? ExitCode.Ok : ExitCode.NotSucceeded;
}
