import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgeEventSink } from '../../aws/eventbridge-event-sink.ts';
import type { CutoverPorts } from '../../core/use-cases/ports.ts';

/** `events`: Cutover events on the bus of the home region. */
export function events(eventBridge: EventBridgeClient, eventBusName: string): CutoverPorts['events'] {
  return new EventBridgeEventSink({ client: eventBridge, eventBusName });
}
