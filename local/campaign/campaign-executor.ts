import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import type { CampaignExecutionInput } from '#campaign/stages';

/** The campaign state machine definition: the file CDK deploys. */
export const CAMPAIGN_ASL_PATH = new URL('../../state-machines/campaign.asl.json', import.meta.url);
/** What `${CutoverStateMachineArn}` becomes locally: the child runs in-process. */
export const LOCAL_CUTOVER_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:cutover-local';
/** What `${TableName}` becomes locally: the abort checks are answered in-process (see below). */
const LOCAL_TABLE_NAME = 'cutover-local';
/** The two states that read the campaign's abort item (dynamodb:getItem) in the deployed definition. */
const ABORT_CHECKS = ['AbortRequested?', 'CampaignAbortRequested?'] as const;

/** What a child cutover ended with, as startExecution.sync:2 reports it. */
export type ChildOutcome =
  | { readonly status: 'SUCCEEDED'; readonly executionArn: string }
  | {
      readonly status: 'FAILED';
      readonly executionArn: string;
      readonly error: string;
      readonly cause: string;
    };

export interface CampaignExecutionResult {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  readonly cause?: string;
  readonly stateTransitions: number;
}

let machine: StateMachine | undefined;

/** The definition, validated once per process, with the cutover state machine ARN substituted. */
function campaignMachine(): StateMachine {
  if (machine === undefined) {
    const text = readFileSync(CAMPAIGN_ASL_PATH, 'utf8')
      .replaceAll(`\${CutoverStateMachineArn}`, LOCAL_CUTOVER_ARN)
      .replaceAll(`\${TableName}`, LOCAL_TABLE_NAME);
    machine = new StateMachine(withoutTimeouts(JSON.parse(text)) as never, {
      validationOptions: { checkArn: true, checkPaths: false },
    });
  }
  return machine;
}

/**
 * The engine enforces TimeoutSeconds with real Node timers, which overflow past 24.8 days (a year
 * becomes 1 ms); a rehearsal's time is virtual anyway, so the timeouts are dropped locally.
 */
function withoutTimeouts(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutTimeouts);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'TimeoutSeconds')
      .map(([key, value]) => [key, withoutTimeouts(value)]),
  );
}

/**
 * Runs state-machines/campaign.asl.json in-process: the Map, the failure-policy checks and the
 * stage loop are the deployed definition's; each StartCutover (startExecution.sync:2) is answered
 * by `runChild`, which runs the real cutover state machine (a rehearsal) and reports how it ended.
 */
export async function runCampaignExecution(opts: {
  readonly input: CampaignExecutionInput;
  readonly executionName: string;
  /** `executionName` is the child's name from the input (the campaign's `stages[].executionName`). */
  runChild(request: { readonly executionName: string }): Promise<ChildOutcome>;
  /**
   * Whether an operator asked to abort the campaign (`cutover campaign abort` writes the item the
   * deployed definition reads). Default: never.
   */
  abortRequested?(): { readonly by: string; readonly reason: string } | undefined;
}): Promise<CampaignExecutionResult> {
  const abortItem = async () => {
    const request = opts.abortRequested?.();
    // As dynamodb:getItem answers: an `Item` in attribute values when it exists, nothing otherwise.
    return request ? { Item: { by: { S: request.by }, reason: { S: request.reason } } } : {};
  };
  const execution = campaignMachine().run(opts.input as never, {
    overrides: {
      taskResourceLocalHandlers: {
        ...Object.fromEntries(ABORT_CHECKS.map((state) => [state, abortItem])),
        StartCutover: async (input: unknown) => {
          // The engine hands over the Task's Parameters: StateMachineArn, Name, Input.
          const child = await opts.runChild({ executionName: (input as { Name: string }).Name });
          if (child.status === 'SUCCEEDED') return { ExecutionArn: child.executionArn, Status: 'SUCCEEDED' };
          // As .sync:2 reports a failed child: States.TaskFailed, the child's DescribeExecution as the cause.
          const error = new Error(
            JSON.stringify({
              ExecutionArn: child.executionArn,
              Status: 'FAILED',
              Error: child.error,
              Cause: child.cause,
            }),
          );
          error.name = 'States.TaskFailed';
          throw error;
        },
      } as never,
    },
    context: {
      Execution: {
        Id: `arn:aws:states:us-east-1:123456789012:execution:campaign:${opts.executionName}`,
        Name: opts.executionName,
      },
    },
  });
  let stateTransitions = 0;
  const observe = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') stateTransitions += 1;
      if (
        event.type === 'ExecutionSucceeded' ||
        event.type === 'ExecutionFailed' ||
        event.type === 'ExecutionAborted'
      )
        return;
    }
  })();
  try {
    await execution.result;
    await observe;
    return { status: 'SUCCEEDED', stateTransitions };
  } catch (error) {
    await observe;
    const inner = (error as { cause?: unknown }).cause ?? error;
    const named = inner instanceof Error ? inner : new Error(String(inner));
    return { status: 'FAILED', error: named.name, cause: named.message, stateTransitions };
  }
}
