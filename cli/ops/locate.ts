import type { ResolvedPlan } from '#plan/types';
import type { ExecutionControl, ExecutionDescription } from '#ports/execution-control';
import { type ParsedArgs, stringFlag } from '../command.ts';
import { environmentFailure, usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { type Deployment, regionOfArn, resolveDeployment } from './deployment.ts';
import { type OpsDeps, rootOf } from './deps.ts';
import { findExecution } from './find-execution.ts';
import { planOfExecutionInput } from './plan-input.ts';

/** An execution the operator named, with the client and deployment to act on it. */
export interface LocatedExecution {
  readonly execution: ExecutionDescription;
  readonly sfn: ExecutionControl;
  readonly deployment: Deployment;
}

/**
 * Resolves `<execution-arn | plan name>`. An ARN needs no deployment flags (its region is in it);
 * a plan name is looked up on the state machine from `--state-machine-arn` / `--stack` / the env.
 */
export async function locateExecution(
  ref: string,
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
): Promise<LocatedExecution> {
  if (ref.startsWith('arn:')) {
    const region = regionOfArn(ref);
    if (!region) throw usageFailure(`'${ref}' is not an execution ARN`);
    const sfn = rootOf(deps).executions(region);
    const execution = await findExecution(ref, sfn, async () => '');
    const stackGiven = stringFlag(args, 'stack') ?? io.env.CUTOVER_STACK;
    const deployment = stackGiven
      ? await resolveDeployment(args, io, deps)
      : { region, stateMachineArn: execution.stateMachineArn, outputs: {} };
    return { execution, sfn, deployment };
  }
  const deployment = await resolveDeployment(args, io, deps);
  const sfn = rootOf(deps).executions(deployment.region);
  const execution = await findExecution(ref, sfn, async () => deployment.stateMachineArn);
  return { execution, sfn, deployment };
}

/** The plan inside a running execution's input; approvals and aborts need its router. */
export function planOfExecution(execution: ExecutionDescription): ResolvedPlan {
  const plan = planOfExecutionInput(execution.input);
  if (!plan) {
    throw environmentFailure(
      `execution ${execution.executionArn}: its input could not be read as a plan; check that the caller may read execution data (states:DescribeExecution)`,
    );
  }
  return plan;
}
