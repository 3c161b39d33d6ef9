import type { AuditEntry, AuditLog } from '#ports/audit-log';
import type { Weights } from '../weights.ts';
import { attempt } from './errors.ts';

export interface HistoryItem {
  readonly executionArn: string;
  readonly planName: string;
  readonly routerArn: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly outcome: 'succeeded' | 'rolled_back' | 'rejected' | 'paused' | 'failed' | 'running';
  readonly reason: string | null;
  /** The router's weights before the cutover's first write (by target group ARN): the way back. */
  readonly startWeights: Weights | null;
  readonly decisions: readonly { action: string; who: string; reason: string | null; at: string }[];
}

/** Audit records read per cutover asked for: a cutover writes a handful of records per step. */
const RECORDS_PER_CUTOVER = 50;
const MAX_RECORDS = 2_000;
const ENDINGS = new Set(['succeeded', 'rolled_back', 'failed', 'paused', 'drift']);
const DECISIONS = new Set(['approve', 'reject', 'abort', 'release']);

/**
 * Past cutovers and how they ended, newest first, from the audit log: enough records for `limit`
 * cutovers (a cutover writes a handful per step), folded into one item per execution.
 */
export async function cutoverHistory(
  request: { readonly planName?: string; readonly limit: number; readonly tableName: string },
  audit: AuditLog,
): Promise<HistoryItem[]> {
  const { planName, limit } = request;
  const entries = await attempt(`reading the audit log in ${request.tableName}`, () =>
    audit.list({
      ...(planName ? { planName } : {}),
      limit: Math.min(MAX_RECORDS, limit * RECORDS_PER_CUTOVER),
    }),
  );
  return summarize(entries).slice(0, limit);
}

/** Audit records (newest first) → one item per execution, newest first. */
export function summarize(entries: readonly AuditEntry[]): HistoryItem[] {
  const byExecution = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const list = byExecution.get(entry.executionArn) ?? [];
    list.push(entry);
    byExecution.set(entry.executionArn, list);
  }
  return [...byExecution.entries()].map(([executionArn, list]) => {
    const newest = list[0] as AuditEntry;
    const oldest = list.at(-1) as AuditEntry;
    const ending = list.find((e) => ENDINGS.has(e.action));
    const rejected = list.some((e) => e.action === 'reject');
    const outcome: HistoryItem['outcome'] = !ending
      ? 'running'
      : ending.action === 'drift'
        ? 'failed'
        : rejected && ending.action === 'rolled_back'
          ? 'rejected'
          : (ending.action as HistoryItem['outcome']);
    return {
      executionArn,
      planName: newest.planName,
      routerArn: newest.routerArn,
      startedAt: (list.find((e) => e.action === 'started') ?? oldest).at,
      endedAt: ending?.at ?? null,
      outcome,
      reason: ending?.reason ?? (ending?.action === 'drift' ? 'drift detected' : null),
      startWeights: list.findLast((e) => e.action === 'shift')?.before ?? null,
      decisions: list
        .filter((e) => DECISIONS.has(e.action))
        .reverse()
        .map((e) => ({ action: e.action, who: e.who, reason: e.reason ?? null, at: e.at })),
    };
  });
}
