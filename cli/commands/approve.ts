import { decisionCommand } from '../ops/decide.ts';

export const { spec, run } = decisionCommand(
  'approved',
  [
    'Approve the step a cutover waits on (approval.before), or continue a paused cutover. The caller',
    '(STS GetCallerIdentity) and the reason are sent with the approval and recorded in the audit log.',
    'Exits 2 when the execution is not waiting for an approval, 1 when the approval timed out or was',
    'already answered.',
  ].join('\n'),
);
