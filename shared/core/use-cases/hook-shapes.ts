import type { HookPoint } from '#plan/hook-types';
import type { Progress } from '../progress.ts';
import type { FailureInfo, LeasedInput } from './shapes.ts';

/**
 * `$.hookRun` (and `$.rollbackHook`) in the state: which hook runs, and where its asking stands.
 * A Pass state starts it as `{ point }`; RunHook returns it with a verdict the Choice routes on:
 * `retry` → wait `waitSeconds` and ask again; `fail` → the failure path (rollback or pause); `pass` → on.
 */
export interface HookRun {
  readonly point: HookPoint;
  readonly verdict?: 'pass' | 'fail' | 'retry';
  /** Calls made so far at this point. */
  readonly attempt?: number;
  /** When the first call started: the hook's timeout counts from here across retry-later answers. */
  readonly startedAt?: string;
  readonly waitSeconds?: number;
  readonly reason?: string;
}

export interface RunHookInput extends LeasedInput {
  readonly progress?: Progress;
  readonly hookRun: HookRun;
  /** onRollback: why the cutover rolled back. */
  readonly failure?: FailureInfo;
}
