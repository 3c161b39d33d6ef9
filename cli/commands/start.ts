import {
  booleanFlag,
  type CommandSpec,
  deploymentFlags,
  jsonFlag,
  runCommand,
  tableFlag,
} from '../command.ts';
import { awsCall } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { resolveDeployment } from '../ops/deployment.ts';
import { defaultOpsDeps, type OpsDeps, rootOf } from '../ops/deps.ts';
import { executionName } from '../ops/execution-name.ts';
import { type ExecutionView, exitCodeOf } from '../ops/execution-view.ts';
import { ExecutionObserver, followExecution } from '../ops/follow.ts';
import { messageStream, writeJson } from '../ops/output.ts';
import { loadPlanInput } from '../ops/plan-input.ts';
import { outcomeMessage, ProgressPrinter, statusLines } from '../ops/progress.ts';
import { optionalLeaseStore } from '../ops/stores.ts';

export const spec: CommandSpec = {
  name: 'start',
  usage: 'start <plan> [--wait] [--json] [--state-machine-arn <arn> | --stack <name>]',
  description: [
    'Validate the plan locally, then start the deployed Cutover state machine with it. Nothing is started',
    'for an invalid or stale plan (exit 2).',
    '',
    'The execution is named after the plan and a hash of its content (<plan name>-<16 hex>), so running',
    'the same plan again attaches to the cutover already running instead of starting a second one; a',
    'changed plan gets a new name. If the execution of that name has already ended (Step Functions keeps',
    'names for 90 days), start reports how it ended instead of starting it again: change the plan to run',
    'it again (a new notAfter is enough).',
    '',
    'With --wait it shows progress until the end (plain lines when stdout is not a terminal) and exits',
    '0 when the cutover succeeded, 1 when it rolled back, was rejected, failed, paused or was stopped.',
  ].join('\n'),
  flags: {
    wait: {
      type: 'boolean',
      description: 'follow the execution to its end; the exit code tells the outcome',
    },
    ...jsonFlag,
    ...deploymentFlags,
    ...tableFlag,
  },
  positionals: { min: 1, max: 1, names: '<plan>' },
};

export interface StartResult {
  /** `started` now, `attached` to the running execution of this plan, or `already_ended`. */
  readonly start: 'started' | 'attached' | 'already_ended';
  readonly executionArn: string;
  readonly executionName: string;
  readonly stateMachineArn: string;
  readonly planName: string;
  readonly execution: ExecutionView | null;
}

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const json = booleanFlag(args, 'json');
    const wait = booleanFlag(args, 'wait');
    const say = messageStream(io, json);
    const { plan, input } = await loadPlanInput(args.positionals[0] as string, io, { now: deps.clock.now() });
    const deployment = await resolveDeployment(args, io, deps);
    const name = executionName(plan.name, input);
    const sfn = rootOf(deps).executions(deployment.region);
    const outcome = await awsCall(`starting ${deployment.stateMachineArn}`, () =>
      sfn.startOnce({ stateMachineArn: deployment.stateMachineArn, name, input }),
    );
    const executionArn = outcome.kind === 'started' ? outcome.executionArn : outcome.execution.executionArn;
    const observer = new ExecutionObserver(
      { sfn, clock: deps.clock, leases: await optionalLeaseStore(args, io, deps, deployment) },
      executionArn,
    );
    let view: ExecutionView | null = null;
    if (outcome.kind === 'started') {
      say.write(`started ${executionArn} for plan ${plan.name}\n`);
    } else if (outcome.kind === 'attached') {
      say.write(
        `plan ${plan.name}: execution ${name} is already running (since ${outcome.execution.startDate.toISOString()}); ` +
          'attached to it instead of starting a second one\n',
      );
    } else {
      view = await observer.poll(outcome.execution);
      say.write(
        `plan ${plan.name}: execution ${name} already ran and ended ${outcome.execution.status} (${view.outcome})` +
          `${outcome.execution.stopDate ? ` at ${outcome.execution.stopDate.toISOString()}` : ''}; not started again. ` +
          'To run this plan again, change it (e.g. its notAfter): a changed plan gets a new execution name\n',
      );
      if (!json) say.write(`${statusLines(view).join('\n')}\n`);
    }
    if (wait && outcome.kind !== 'closed') {
      view = await followExecution(observer, new ProgressPrinter(say), {
        clock: deps.clock,
        pollIntervalMs: deps.pollIntervalMs,
        stopAtPause: true,
      });
      say.write(`${outcomeMessage(view)}\n`);
    }
    if (json) {
      const result: StartResult = {
        start: outcome.kind === 'closed' ? 'already_ended' : outcome.kind,
        executionArn,
        executionName: name,
        stateMachineArn: deployment.stateMachineArn,
        planName: plan.name,
        execution: view,
      };
      writeJson(io, result);
    }
    return view ? exitCodeOf(view) : ExitCode.Ok;
  });
}
