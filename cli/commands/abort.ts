import { readCallerIdentity } from '../../shared/aws/caller-identity.ts';
import { ErrorName } from '../../shared/core/errors.ts';
import {
  booleanFlag,
  type CommandSpec,
  deploymentFlags,
  jsonFlag,
  runCommand,
  stringFlag,
  tableFlag,
} from '../command.ts';
import { awsCall, CliFailure, toCliFailure, usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { resolveTableName } from '../ops/deployment.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';
import { locateExecution, planOfExecution, requireRunning } from '../ops/locate.ts';
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

export interface AbortResult {
  readonly abort: 'requested' | 'stopped';
  readonly executionArn: string;
  readonly planName: string;
  readonly by: string;
  readonly reason: string;
  readonly at: string;
  /** Graceful abort only: whether a waiting approval was answered with AbortRequested. */
  readonly approvalAnswered: boolean;
}

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
    requireRunning(execution, 'abort');
    const plan = planOfExecution(execution);
    // An emergency stop must not wait for a --table flag: without the table it only skips the audit record.
    const table = force
      ? await resolveTableName(args, io, deps, deployment).catch((error: unknown) => {
          if (error instanceof CliFailure && error.exitCode === ExitCode.InvalidInput) return undefined;
          throw error;
        })
      : await resolveTableName(args, io, deps, deployment);
    const identity = await awsCall('reading the caller identity (sts:GetCallerIdentity)', () =>
      readCallerIdentity(deps.clientsFor(deployment.region).sts),
    );
    const at = deps.clock.now().toISOString();
    const routerArn = plan.router.arn;
    let approvalAnswered = false;
    if (force) {
      await awsCall(`stopping execution ${execution.executionArn}`, () =>
        sfn.stop({
          executionArn: execution.executionArn,
          error: ErrorName.AbortRequested,
          cause: `stopped by ${identity.arn}: ${reason}`,
        }),
      );
    } else {
      if (!table) throw usageFailure('no table for the lease');
      const leases = await leaseStore(deps, table);
      const lease = await awsCall(`reading the lease of router ${routerArn}`, () => leases.read(routerArn));
      if (!lease || lease.released || lease.owner !== execution.executionArn) {
        throw usageFailure(
          `execution ${execution.executionArn}: holds no lease on ${routerArn}, so it has written nothing to roll back yet (or the safety net took over); ` +
            'use --force to stop the execution',
        );
      }
      try {
        await leases.update(routerArn, lease.token, { abortRequested: { by: identity.arn, reason, at } });
      } catch (error) {
        if (error instanceof Error && error.name === ErrorName.LeaseLost) {
          throw new CliFailure(
            ExitCode.NotSucceeded,
            `router ${routerArn}: the lease changed hands while asking for the abort (the safety net took over); see cutover status ${execution.executionArn}`,
          );
        }
        throw toCliFailure(error, `marking the lease of ${routerArn} abortRequested`);
      }
      if (lease.approval?.taskToken !== undefined) {
        // Waiting on a human would delay the rollback until the approval times out: answer it now.
        try {
          await sfn.sendTaskFailure(
            lease.approval.taskToken,
            ErrorName.AbortRequested,
            `abort requested by ${identity.arn}: ${reason}`,
          );
          approvalAnswered = true;
        } catch {
          // Already answered or timed out: the lease flag still triggers the rollback.
        }
      }
    }
    const say = messageStream(io, json);
    if (!table)
      say.write(
        'no Cutover table given (--table, CUTOVER_TABLE_NAME or --stack): the abort is not in the audit log\n',
      );
    else
      await awsCall('recording the abort in the audit log', () =>
        auditLog(deps, table).then((audit) =>
          audit.record({
            at,
            planName: plan.name,
            executionArn: execution.executionArn,
            routerArn,
            action: 'abort',
            who: identity.arn,
            reason: force ? `forced stop: ${reason}` : reason,
          }),
        ),
      );
    say.write(
      force
        ? `stopped ${execution.executionArn}. The safety net (status-change rule and 5-minute sweeper) restores the router's snapshot within minutes; check with cutover status ${execution.executionArn}\n`
        : `abort requested for ${execution.executionArn}: the cutover rolls back to its snapshot at its next gate poll (every ${plan.intervalSeconds}s)${approvalAnswered ? '; the waiting approval was answered with AbortRequested' : ''}. Follow it with cutover watch ${execution.executionArn}\n`,
    );
    if (json) {
      const result: AbortResult = {
        abort: force ? 'stopped' : 'requested',
        executionArn: execution.executionArn,
        planName: plan.name,
        by: identity.arn,
        reason,
        at,
        approvalAnswered,
      };
      writeJson(io, result);
    }
    return ExitCode.Ok;
  });
}
