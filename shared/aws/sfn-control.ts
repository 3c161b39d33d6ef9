import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';

import type {
  ExecutionControl,
  ExecutionDescription,
  ExecutionEvent,
  ExecutionListItem,
  ExecutionStatus,
  StartOutcome,
} from '#ports/execution-control';

// The shapes live with the port; re-exported so callers of this adapter keep their imports.
export type { ExecutionDescription, ExecutionEvent, ExecutionListItem, ExecutionStatus, StartOutcome };

/** Step Functions' name for an execution of a standard state machine. */
export function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** The calls the CLI makes on the deployed state machine; a thin layer over the SFN client. */
export class StepFunctionsControl implements ExecutionControl {
  readonly #client: SFNClient;

  constructor(options: { readonly client: SFNClient }) {
    this.#client = options.client;
  }

  /**
   * Starts `name` unless an execution of that name exists. Step Functions treats a StartExecution
   * with the same name and input as idempotent while the execution runs, and refuses it once the
   * execution has closed (names are unique for 90 days), so a re-run pipeline never starts twice.
   */
  async startOnce(req: { stateMachineArn: string; name: string; input: string }): Promise<StartOutcome> {
    const executionArn = executionArnFor(req.stateMachineArn, req.name);
    const existing = await this.describeIfExists(executionArn);
    if (existing) return existing.status === 'RUNNING' ? attached(existing) : closed(existing);
    try {
      const started = await this.#client.send(
        new StartExecutionCommand({ stateMachineArn: req.stateMachineArn, name: req.name, input: req.input }),
      );
      return {
        kind: 'started',
        executionArn: started.executionArn ?? executionArn,
        startDate: started.startDate ?? new Date(),
      };
    } catch (error) {
      // Another caller started (and maybe finished) it between our describe and our start.
      if (errorName(error) !== 'ExecutionAlreadyExists') throw error;
      const raced = await this.describe(executionArn);
      return raced.status === 'RUNNING' ? attached(raced) : closed(raced);
    }
  }

  async describe(executionArn: string): Promise<ExecutionDescription> {
    const out = await this.#client.send(new DescribeExecutionCommand({ executionArn }));
    return {
      executionArn: out.executionArn ?? executionArn,
      stateMachineArn: out.stateMachineArn ?? '',
      name: out.name ?? executionArn.split(':').at(-1) ?? '',
      status: (out.status ?? 'RUNNING') as ExecutionStatus,
      startDate: out.startDate ?? new Date(0),
      ...(out.stopDate ? { stopDate: out.stopDate } : {}),
      ...(out.input !== undefined ? { input: out.input } : {}),
      ...(out.output !== undefined ? { output: out.output } : {}),
      ...(out.error !== undefined ? { error: out.error } : {}),
      ...(out.cause !== undefined ? { cause: out.cause } : {}),
    };
  }

  /** `undefined` when Step Functions says the execution does not exist. */
  async describeIfExists(executionArn: string): Promise<ExecutionDescription | undefined> {
    try {
      return await this.describe(executionArn);
    } catch (error) {
      if (errorName(error) === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
  }

  /** Newest first, up to `limit` executions. */
  async list(req: {
    stateMachineArn: string;
    status?: ExecutionStatus;
    limit: number;
  }): Promise<ExecutionListItem[]> {
    const items: ExecutionListItem[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.#client.send(
        new ListExecutionsCommand({
          stateMachineArn: req.stateMachineArn,
          maxResults: Math.min(1000, req.limit - items.length),
          ...(req.status ? { statusFilter: req.status } : {}),
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      for (const e of out.executions ?? []) {
        if (!e.executionArn) continue;
        items.push({
          executionArn: e.executionArn,
          name: e.name ?? '',
          status: (e.status ?? 'RUNNING') as ExecutionStatus,
          startDate: e.startDate ?? new Date(0),
          ...(e.stopDate ? { stopDate: e.stopDate } : {}),
        });
      }
      nextToken = out.nextToken;
    } while (nextToken && items.length < req.limit);
    return items;
  }

  /**
   * Events newer than `afterId`, oldest first. Reads the history backwards from the newest event
   * and stops at the first one already seen, so following a long cutover stays cheap.
   */
  async eventsAfter(executionArn: string, afterId: number): Promise<ExecutionEvent[]> {
    const newestFirst: ExecutionEvent[] = [];
    let nextToken: string | undefined;
    pages: do {
      const out = await this.#client.send(
        new GetExecutionHistoryCommand({
          executionArn,
          reverseOrder: true,
          maxResults: 200,
          includeExecutionData: true,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      for (const event of out.events ?? []) {
        if ((event.id ?? 0) <= afterId) break pages;
        newestFirst.push(toExecutionEvent(event));
      }
      nextToken = out.nextToken;
    } while (nextToken);
    return newestFirst.reverse();
  }

  async stop(req: { executionArn: string; error: string; cause: string }): Promise<Date | undefined> {
    const out = await this.#client.send(new StopExecutionCommand(req));
    return out.stopDate;
  }

  /** Answers a `.waitForTaskToken` task. The token is a bearer credential: callers never print it. */
  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    await this.#client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    await this.#client.send(new SendTaskFailureCommand({ taskToken, error, cause }));
  }
}

const attached = (execution: ExecutionDescription): StartOutcome => ({ kind: 'attached', execution });
const closed = (execution: ExecutionDescription): StartOutcome => ({ kind: 'closed', execution });

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function toExecutionEvent(event: HistoryEvent): ExecutionEvent {
  const entered = event.stateEnteredEventDetails;
  const exited = event.stateExitedEventDetails;
  const failed =
    event.executionFailedEventDetails ??
    event.taskFailedEventDetails ??
    event.executionAbortedEventDetails ??
    event.executionTimedOutEventDetails ??
    event.taskTimedOutEventDetails;
  const task = event.taskScheduledEventDetails ?? event.taskSubmittedEventDetails;
  const resource = task ? `${task.resourceType ?? ''}:${task.resource ?? ''}` : undefined;
  const stateName = entered?.name ?? exited?.name;
  const data = entered?.input ?? exited?.output;
  return {
    id: event.id ?? 0,
    at: event.timestamp ?? new Date(0),
    type: event.type ?? 'Unknown',
    ...(stateName !== undefined ? { stateName } : {}),
    ...(data !== undefined ? { data } : {}),
    ...(resource !== undefined ? { resource } : {}),
    ...(failed?.error !== undefined ? { error: failed.error } : {}),
    ...(failed?.cause !== undefined ? { cause: failed.cause } : {}),
  };
}
