import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
} from '@aws-sdk/client-eventbridge';
import { AwsRejectedError, AwsTransientError } from '#core/errors';
import type { CutoverEvent, EventSink } from '#ports/event-sink';
import { toCutoverError } from './aws-errors.ts';

export interface EventBridgeEventSinkOptions {
  readonly client: EventBridgeClient;
  /** Bus name or ARN; `default` when omitted. */
  readonly eventBusName?: string;
}

/** Source of every Cutover event; rules match on it. */
export const EVENT_SOURCE = 'cutover';

/** Cutover events on EventBridge: source `cutover`, detail-type from CutoverEventType, detail as JSON. */
export class EventBridgeEventSink implements EventSink {
  readonly #client: EventBridgeClient;
  readonly #bus: string;

  constructor(options: EventBridgeEventSinkOptions) {
    this.#client = options.client;
    this.#bus = options.eventBusName ?? 'default';
  }

  async emit(event: CutoverEvent): Promise<void> {
    const subject = `event "${event.type}" of ${event.detail.executionArn}`;
    let output: PutEventsCommandOutput;
    try {
      output = await this.#client.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: EVENT_SOURCE,
              DetailType: event.type,
              Detail: JSON.stringify(event.detail),
              EventBusName: this.#bus,
              Resources: [event.detail.executionArn],
            },
          ],
        }),
      );
    } catch (err) {
      throw toCutoverError(err, subject);
    }
    // PutEvents answers 200 even when an entry was refused; the count says so.
    if ((output.FailedEntryCount ?? 0) > 0) {
      const failed = output.Entries?.find((entry) => entry.ErrorCode);
      const detail = `${failed?.ErrorCode ?? 'unknown'}: ${failed?.ErrorMessage ?? 'no message'}`;
      const transient = /Throttl|InternalFailure|ServiceUnavailable/i.test(failed?.ErrorCode ?? '');
      const message = `${subject}: not put on bus ${this.#bus} (${detail})`;
      throw transient
        ? new AwsTransientError(`${message}; retry later`)
        : new AwsRejectedError(`${message}; check the bus name and the role's events:PutEvents permission`);
    }
  }
}
