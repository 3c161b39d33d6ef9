import { cutoverHistory, type HistoryItem } from '#core/operations/history';
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
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { resolveTableName } from '../ops/deployment.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';
import { operation } from '../ops/operation.ts';
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

export type { HistoryItem };

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const limit = integerFlag(args, 'limit', { min: 1, max: 200 }) ?? 20;
    const planName = stringFlag(args, 'plan');
    const tableRef = await resolveTableName(args, io, deps);
    const request = { limit, tableName: tableRef.tableName, ...(planName ? { planName } : {}) };
    const items = await operation(async () => cutoverHistory(request, await auditLog(deps, tableRef)));
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
