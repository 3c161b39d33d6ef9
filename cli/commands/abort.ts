import { abortExecution, type AbortResult as OperationAbortResult } from '#core/operations/abort';
import { requireRunning } from '#core/operations/operator-ports';
import {
  booleanFlag,
  type CommandSpec,
  deploymentFlags,
  jsonFlag,
  runCommand,
  stringFlag,
  tableFlag,
} from '../command.ts';
import { CliFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { resolveTableName } from '../ops/deployment.ts';
import { defaultOpsDeps, type OpsDeps, rootOf } from '../ops/deps.ts';
import { locateExecution, planOfExecution } from '../ops/locate.ts';
import { operation } from '../ops/operation.ts';
import { messageStream, writeJson } from '../ops/output.ts';
import { auditLog, leaseStore } from '../ops/stores.ts';

export const spec: CommandSpec = {
  name: 'abort',
  usage: 'abort <execution-arn | plan name> [--reason <text>] [--force] [--json]',
  description: [
    'Roll a running cutover back. Graceful (the default): marks the router lease abortRequested; the',
    'cutover sees it within one interval — while baking, and while it waits for its change window, an',
    'approval or a human at a pause — and rolls back to its snapshot through the normal rollback',
    '(verified, audited, announced). No step is written after the flag is set.',
    '',
    '--force stops the execution (StopExecution) instead. Nothing in the execution rolls back then: the',
    'safety net (the EventBridge rule on ABORTED and the 5-minute sweeper) takes the lease and restores',
    "the router's snapshot within minutes. Use it when the execution itself is stuck.",
    'The caller (STS) and the reason are recorded in the audit log.',
  ].join('\n'),
  flags: {
    reason: { type: 'string', placeholder: 'text', description: 'why (recorded in the audit log)' },
    force: { type: 'boolean', description: 'stop the execution; the safety net restores the snapshot' },
    ...jsonFlag,
    ...deploymentFlags,
    ...tableFlag,
  },
  positionals: { min: 1, max: 1, names: '<execution-arn | plan name>' },
};

/** The `--json` document: the operation's result without its bookkeeping. */
export type AbortResult = Omit<OperationAbortResult, 'audited'>;

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const json = booleanFlag(args, 'json');
    const force = booleanFlag(args, 'force');
    const reason = stringFlag(args, 'reason') ?? 'no reason given';
    const { execution, sfn, deployment } = await locateExecution(
      args.positionals[0] as string,
      args,
      io,
      deps,
    );
    await operation(async () => requireRunning(execution, 'abort'));
    const plan = planOfExecution(execution);
    // An emergency stop must not wait for a --table flag: without the table it only skips the audit record.
    const table = force
      ? await resolveTableName(args, io, deps, deployment).catch((error: unknown) => {
          if (error instanceof CliFailure && error.exitCode === ExitCode.InvalidInput) return undefined;
          throw error;
        })
      : await resolveTableName(args, io, deps, deployment);
    const root = rootOf(deps);
    const ports = {
      executions: sfn,
      identity: root.identity(deployment.region),
      clock: deps.clock,
      ...(table ? { leases: await leaseStore(deps, table), audit: await auditLog(deps, table) } : {}),
    };
    const { audited, ...result } = await operation(() =>
      abortExecution({ execution, plan, reason, force }, ports),
    );
    const say = messageStream(io, json);
    if (!audited)
      say.write(
        'no Cutover table given (--table, CUTOVER_TABLE_NAME or --stack): the abort is not in the audit log\n',
      );
    say.write(
      force
        ? `stopped ${execution.executionArn}. The safety net (status-change rule and 5-minute sweeper) restores the router's snapshot within minutes; check with cutover status ${execution.executionArn}\n`
        : `abort requested for ${execution.executionArn}: the cutover rolls back to its snapshot at its next gate poll (every ${plan.intervalSeconds}s)${result.approvalAnswered ? '; the waiting approval was answered with AbortRequested' : ''}. Follow it with cutover watch ${execution.executionArn}\n`,
    );
    if (json) writeJson(io, result satisfies AbortResult);
    return ExitCode.Ok;
  });
}
