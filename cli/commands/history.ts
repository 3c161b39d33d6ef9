import type { Weights } from '../../shared/core/weights.ts';
import type { AuditEntry } from '../../shared/ports/audit-log.ts';
import {
  booleanFlag,
  type CommandSpec,
  deploymentFlags,
  integerFlag,
  jsonFlag,
  runCommand,
  stringFlag,
  tableFlag,
} from '../command.ts';
import { awsCall } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { resolveTableName } from '../ops/deployment.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';
import { table, writeJson } from '../ops/output.ts';
import { auditLog } from '../ops/stores.ts';

export const spec: CommandSpec = {
  name: 'history',
  usage: 'history [--plan <name>] [--limit <n>] [--json]',
  description: [
    'Past cutovers and how they ended, newest first, from the audit log in the Cutover table: plan,',
    'start, outcome (succeeded, rolled_back, rejected, paused, failed, or running when no ending is',
    'recorded yet), the reason, who approved, rejected, aborted or released, and (with --json) the',
    "router's weights before the cutover's first write.",
  ].join('\n'),
  flags: {
    plan: { type: 'string', placeholder: 'name', description: 'only this plan' },
    limit: { type: 'string', placeholder: 'n', description: 'at most n cutovers (default 20, max 200)' },
    ...jsonFlag,
    ...deploymentFlags,
    ...tableFlag,
  },
  positionals: { min: 0, max: 0, names: '' },
};

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

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const limit = integerFlag(args, 'limit', { min: 1, max: 200 }) ?? 20;
    const planName = stringFlag(args, 'plan');
    const tableRef = await resolveTableName(args, io, deps);
    const entries = await awsCall(`reading the audit log in ${tableRef.tableName}`, () =>
      auditLog(deps, tableRef).then((audit) =>
        audit.list({
          ...(planName ? { planName } : {}),
          limit: Math.min(MAX_RECORDS, limit * RECORDS_PER_CUTOVER),
        }),
      ),
    );
    const items = summarize(entries).slice(0, limit);
    if (booleanFlag(args, 'json')) writeJson(io, items);
    else if (items.length === 0)
      io.stdout.write(`no cutovers recorded${planName ? ` for plan ${planName}` : ''}\n`);
    else {
      const rows = [
        ['STARTED', 'PLAN', 'OUTCOME', 'EXECUTION', 'REASON'],
        ...items.map((i) => [
          i.startedAt,
          i.planName,
          i.outcome,
          i.executionArn.split(':').at(-1) ?? i.executionArn,
          [i.reason, ...i.decisions.map((d) => `${d.action} by ${d.who}${d.reason ? ` (${d.reason})` : ''}`)]
            .filter(Boolean)
            .join('; '),
        ]),
      ];
      io.stdout.write(`${table(rows)}\n`);
    }
    return ExitCode.Ok;
  });
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
