/** How one service of a campaign ended (its cutover's outcome), or that it never started. */
export type ServiceOutcome =
  | 'succeeded'
  | 'rolled_back'
  | 'rejected'
  | 'paused'
  | 'failed'
  /** Stopped by the campaign (abortAll); the safety net restores its snapshot. */
  | 'aborted'
  /** The campaign halted before its turn. */
  | 'not_started';
