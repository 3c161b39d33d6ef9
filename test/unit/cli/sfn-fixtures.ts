import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** Builds an execution history oldest first; `newestFirst()` is what GetExecutionHistory(reverseOrder) returns. */
export class HistoryBuilder {
  readonly events: HistoryEvent[] = [];
  #at: number;

  constructor(start = new Date('2026-06-01T01:00:00Z')) {
    this.#at = start.getTime();
  }

  #push(event: Omit<HistoryEvent, 'id' | 'timestamp'>, afterSeconds: number): this {
    this.#at += afterSeconds * 1000;
    this.events.push({ ...event, id: this.events.length + 1, timestamp: new Date(this.#at) } as HistoryEvent);
    return this;
  }

  started(input: string): this {
    return this.#push({ type: 'ExecutionStarted', executionStartedEventDetails: { input } }, 0);
  }

  entered(name: string, input: unknown = {}, afterSeconds = 1): this {
    return this.#push(
      { type: 'TaskStateEntered', stateEnteredEventDetails: { name, input: JSON.stringify(input) } },
      afterSeconds,
    );
  }

  exited(name: string, output: unknown = {}, afterSeconds = 1): this {
    return this.#push(
      { type: 'TaskStateExited', stateExitedEventDetails: { name, output: JSON.stringify(output) } },
      afterSeconds,
    );
  }

  waitingForToken(afterSeconds = 1): this {
    return this.#push(
      {
        type: 'TaskScheduled',
        taskScheduledEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke.waitForTaskToken',
          region: 'ap-northeast-1',
          parameters: '{}',
        },
      },
      afterSeconds,
    );
  }

  failed(error: string, cause: string, afterSeconds = 1): this {
    return this.#push(
      { type: 'ExecutionFailed', executionFailedEventDetails: { error, cause } },
      afterSeconds,
    );
  }

  succeeded(afterSeconds = 1): this {
    return this.#push(
      { type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{}' } },
      afterSeconds,
    );
  }

  newestFirst(): HistoryEvent[] {
    return [...this.events].reverse();
  }
}
