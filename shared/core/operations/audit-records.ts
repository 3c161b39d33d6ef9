import type { AuditEntry } from '#ports/audit-log';
import type { Weights } from '../weights.ts';

/** The audit records operator actions leave; one builder per action, so the CLI writes none by hand. */

interface Subject {
  readonly at: string;
  readonly planName: string;
  readonly executionArn: string;
  readonly routerArn: string;
  readonly who: string;
}

export function abortRecord(subject: Subject, reason: string, forced: boolean): AuditEntry {
  return { ...subject, action: 'abort', reason: forced ? `forced stop: ${reason}` : reason };
}

export function decisionRecord(
  subject: Subject,
  decision: 'approved' | 'rejected',
  reason: string,
): AuditEntry {
  return { ...subject, action: decision === 'approved' ? 'approve' : 'reject', reason };
}

export function releaseRecord(
  subject: Subject,
  release: {
    readonly token: number;
    readonly previousOwner: string;
    readonly reason: string;
    readonly liveWeights?: Weights;
  },
): AuditEntry {
  return {
    ...subject,
    action: 'release',
    token: release.token,
    ...(release.liveWeights ? { after: release.liveWeights } : {}),
    reason: `released by hand (previous owner ${release.previousOwner}): ${release.reason}`,
  };
}
