import type { ExecutionControl, ExecutionDescription } from '#ports/execution-control';
import { awsCall, usageFailure } from '../failure.ts';
import { isExecutionNameOf } from './execution-name.ts';
import { planNameOfExecutionInput } from './plan-input.ts';

const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[A-Za-z0-9_-]+:[^\s:]+$/;
const PLAN_NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** Running executions whose input is read to find a plan started under another name (a schedule). */
const MAX_INPUTS_READ = 25;

/**
 * The execution an operator means by `<execution-arn | plan name>`: an ARN as given; a plan name
 * means its running execution (by the name `start` gives it, else by the plan name in the input of
 * a running execution, as schedules start with generated names), else its most recent one.
 */
export async function findExecution(
  ref: string,
  sfn: ExecutionControl,
  stateMachineArn: () => Promise<string>,
): Promise<ExecutionDescription> {
  if (ref.startsWith('arn:')) {
    if (!EXECUTION_ARN.test(ref)) {
      throw usageFailure(
        `'${ref}' is not an execution ARN; expected arn:aws:states:<region>:<account>:execution:<state machine>:<name>, or a plan name`,
      );
    }
    const found = await awsCall(`describing execution ${ref}`, () => sfn.describeIfExists(ref));
    if (!found) throw usageFailure(`execution ${ref}: does not exist; check the ARN and the region`);
    return found;
  }
  if (!PLAN_NAME.test(ref)) throw usageFailure(`'${ref}' is neither an execution ARN nor a plan name`);
  const machine = await stateMachineArn();
  const doing = `listing executions of ${machine}`;
  const running = await awsCall(doing, () =>
    sfn.list({ stateMachineArn: machine, status: 'RUNNING', limit: 1000 }),
  );
  const byName = running.find((e) => isExecutionNameOf(e.name, ref));
  if (byName) return awsCall(`describing ${byName.executionArn}`, () => sfn.describe(byName.executionArn));
  for (const execution of running.slice(0, MAX_INPUTS_READ)) {
    const described = await awsCall(`describing ${execution.executionArn}`, () =>
      sfn.describe(execution.executionArn),
    );
    if (planNameOfExecutionInput(described.input) === ref) return described;
  }
  const recent = await awsCall(doing, () => sfn.list({ stateMachineArn: machine, limit: 200 }));
  const latest = recent.find((e) => isExecutionNameOf(e.name, ref));
  if (latest) return awsCall(`describing ${latest.executionArn}`, () => sfn.describe(latest.executionArn));
  throw usageFailure(
    `plan ${ref}: no running or recent execution of ${machine}; pass the execution ARN (cutover start prints it)`,
  );
}
