import { decisionCommand } from '../ops/decide.ts';

export const { spec, run } = decisionCommand(
  'rejected',
  [
    'Reject the approval a cutover waits on: the cutover rolls back to its snapshot (for a paused',
    'cutover: rolls back). Fails the approval task with ApprovalRejected; the caller (STS) and the',
    'reason are recorded in the audit log.',
    'Exits 2 when the execution is not waiting for an approval, 1 when the approval timed out or was',
    'already answered.',
  ].join('\n'),
);
