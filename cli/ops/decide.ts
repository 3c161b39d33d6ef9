import { type Decision, type DecisionResult, decideApproval } from '#core/operations/decide';
import { requireRunning } from '#core/operations/operator-ports';
import { formatWeights } from '#core/weights';
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
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { resolveTableName } from './deployment.ts';
import { defaultOpsDeps, type OpsDeps, rootOf } from './deps.ts';
import { locateExecution, planOfExecution } from './locate.ts';
import { operation } from './operation.ts';
import { writeJson } from './output.ts';
import { auditLog, leaseStore } from './stores.ts';

export type { DecisionResult };

/**
 * `cutover approve` and `cutover reject`: the same argument and flags, one decision each; only the
 * help's description differs.
 */
export function decisionCommand(decision: Decision, description: string) {
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

/**
 * Answers the approval (or the pause: approve resumes it) a cutover waits on, through the decide
 * operation; prints what was decided.
 */
export async function decide(
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
  decision: Decision,
): Promise<number> {
  const verb = decision === 'approved' ? 'approve' : 'reject';
  const reason = stringFlag(args, 'reason') ?? (decision === 'approved' ? 'approved' : 'no reason given');
  const { execution, sfn, deployment } = await locateExecution(args.positionals[0] as string, args, io, deps);
  await operation(async () => requireRunning(execution, verb));
  const plan = planOfExecution(execution);
  const table = await resolveTableName(args, io, deps, deployment);
  const ports = {
    executions: sfn,
    identity: rootOf(deps).identity(deployment.region),
    clock: deps.clock,
    leases: await leaseStore(deps, table),
    audit: await auditLog(deps, table),
  };
  const result = await operation(() => decideApproval({ execution, plan, decision, reason }, ports));
  const weights = plan.steps[result.step]?.weights;
  if (booleanFlag(args, 'json')) writeJson(io, result);
  else {
    io.stdout.write(
      `${decision} step ${result.step + 1}/${plan.steps.length}${weights ? ` (${formatWeights(weights)})` : ''} of plan ${plan.name} as ${result.by}: ${reason}\n` +
        (decision === 'rejected' ? 'the cutover rolls back to its snapshot\n' : ''),
    );
  }
  return ExitCode.Ok;
}
