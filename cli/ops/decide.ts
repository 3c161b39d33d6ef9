import { readCallerIdentity } from '../../shared/aws/caller-identity.ts';
import { ErrorName } from '../../shared/core/errors.ts';
import { formatWeights } from '../../shared/core/weights.ts';
import {
  booleanFlag,
  type CommandSpec,
  deploymentFlags,
  jsonFlag,
  type ParsedArgs,
  runCommand,
  stringFlag,
  tableFlag,
} from '../command.ts';
import { awsCall, CliFailure, toCliFailure, usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { resolveTableName } from './deployment.ts';
import { defaultOpsDeps, type OpsDeps } from './deps.ts';
import { locateExecution, planOfExecution, requireRunning } from './locate.ts';
import { writeJson } from './output.ts';
import { auditLog, leaseStore } from './stores.ts';

export interface DecisionResult {
  readonly decision: 'approved' | 'rejected';
  readonly executionArn: string;
  readonly planName: string;
  /** 0-based index of the step the approval was for. */
  readonly step: number;
  readonly by: string;
  readonly reason: string;
  readonly at: string;
}

/**
 * `cutover approve` and `cutover reject`: the same argument and flags, one decision each; only the
 * help's description differs.
 */
export function decisionCommand(decision: 'approved' | 'rejected', description: string) {
  const name = decision === 'approved' ? 'approve' : 'reject';
  const spec: CommandSpec = {
    name,
    usage: `${name} <execution-arn | plan name> [--reason <text>] [--json]`,
    description,
    flags: {
      reason: { type: 'string', placeholder: 'text', description: 'why (recorded in the audit log)' },
      ...jsonFlag,
      ...deploymentFlags,
      ...tableFlag,
    },
    positionals: { min: 1, max: 1, names: '<execution-arn | plan name>' },
  };
  const run = (argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> =>
    runCommand(spec, argv, io, (args) => decide(args, io, deps, decision));
  return { spec, run };
}

/** Errors Step Functions gives for a token that no longer waits: timed out, answered, or stopped. */
const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Answers the approval a cutover waits on. The task token is read from the router's lease (where
 * AwaitApproval put it) and goes only to Step Functions: it is a bearer credential, never printed.
 * The decision and who made it (STS caller identity) are recorded in the audit log.
 */
export async function decide(
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
  decision: 'approved' | 'rejected',
): Promise<number> {
  const verb = decision === 'approved' ? 'approve' : 'reject';
  const reason = stringFlag(args, 'reason') ?? (decision === 'approved' ? 'approved' : 'no reason given');
  const { execution, sfn, deployment } = await locateExecution(args.positionals[0] as string, args, io, deps);
  requireRunning(execution, verb);
  const plan = planOfExecution(execution);
  const table = await resolveTableName(args, io, deps, deployment);
  const routerArn = plan.router.arn;
  const lease = await awsCall(`reading the lease of router ${routerArn}`, () =>
    leaseStore(deps, table).then((leases) => leases.read(routerArn)),
  );
  if (!lease || lease.released || lease.owner !== execution.executionArn || !lease.approval) {
    throw usageFailure(
      `execution ${execution.executionArn}: not waiting for an approval; nothing to ${verb} — see cutover status ${execution.executionArn}`,
    );
  }
  const request = lease.approval;
  const { taskToken, step } = request;
  const identity = await awsCall('reading the caller identity (sts:GetCallerIdentity)', () =>
    readCallerIdentity(deps.clientsFor(deployment.region).sts),
  );
  const at = deps.clock.now().toISOString();
  try {
    if (taskToken === undefined) {
      // A watched wait: the answer goes on the lease (conditional on the owner's token), and the
      // cutover reads it at its next poll, within one interval.
      const answer = { decision, by: identity.arn, reason, at };
      await leaseStore(deps, table).then((leases) =>
        leases.update(routerArn, lease.token, { approval: { ...request, answer } }),
      );
    } else if (decision === 'approved') {
      await sfn.sendTaskSuccess(taskToken, { approved: true, by: identity.arn, reason });
    } else {
      await sfn.sendTaskFailure(
        taskToken,
        ErrorName.ApprovalRejected,
        `rejected by ${identity.arn}: ${reason}`,
      );
    }
  } catch (error) {
    if (error instanceof Error && (GONE.has(error.name) || error.name === ErrorName.LeaseLost)) {
      throw new CliFailure(
        ExitCode.NotSucceeded,
        `execution ${execution.executionArn}: the approval for step ${step + 1} is no longer waiting (${error.name}: timed out, already answered or stopped); see cutover status ${execution.executionArn}`,
      );
    }
    throw toCliFailure(error, `answering the approval of ${execution.executionArn}`);
  }
  await awsCall(`${verb}d, but recording it in the audit log failed`, () =>
    auditLog(deps, table).then((audit) =>
      audit.record({
        at,
        planName: plan.name,
        executionArn: execution.executionArn,
        routerArn,
        action: decision === 'approved' ? 'approve' : 'reject',
        who: identity.arn,
        reason,
      }),
    ),
  );
  const weights = plan.steps[step]?.weights;
  const result: DecisionResult = {
    decision,
    executionArn: execution.executionArn,
    planName: plan.name,
    step,
    by: identity.arn,
    reason,
    at,
  };
  if (booleanFlag(args, 'json')) writeJson(io, result);
  else {
    io.stdout.write(
      `${decision} step ${step + 1}/${plan.steps.length}${weights ? ` (${formatWeights(weights)})` : ''} of plan ${plan.name} as ${identity.arn}: ${reason}\n` +
        (decision === 'rejected' ? 'the cutover rolls back to its snapshot\n' : ''),
    );
  }
  return ExitCode.Ok;
}
