/**
 * The failure reason text: the one sentence an operator reads in the console's Cause, the event and
 * the CLI. Subject, what happened (gate, value, threshold), what happens next.
 */

export type HaltAction = 'rollback' | 'pause' | 'halt' | 'release';

const NEXT: Record<HaltAction, string> = {
  rollback: 'rolling back to the snapshot',
  pause: 'holding the weights for a human (approve = continue, reject = roll back)',
  halt: 'halting without writing',
  release: 'nothing was written; releasing the lease',
};

/** `step 3/5 halted: ecs 5XX 2.4% > 1% (source 0.3%, 1812 requests); rolling back to the snapshot` */
export function formatHaltReason(
  progress: { readonly step: number; readonly total: number },
  why: string,
  action: HaltAction,
): string {
  return `step ${progress.step + 1}/${progress.total} halted: ${why}; ${NEXT[action]}`;
}

/** Before the first step (preflight, lease, snapshot): `preflight halted: …; rolling back to the snapshot`. */
export function formatPhaseHalt(phase: string, why: string, action: HaltAction): string {
  return `${phase} halted: ${why}; ${NEXT[action]}`;
}
