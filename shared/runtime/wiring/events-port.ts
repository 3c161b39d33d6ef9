import type { AwsClients } from '#aws/clients';
import { EventBridgeEventSink } from '#aws/eventbridge-event-sink';
import type { CutoverPorts } from '#core/use-cases/ports';

// The SDK client type, named through the client set so this module imports no SDK package.
type EventBridgeClient = AwsClients['eventBridge'];

/** `events`: Cutover events on the bus of the home region. */
export function events(eventBridge: EventBridgeClient, eventBusName: string): CutoverPorts['events'] {
  return new EventBridgeEventSink({ client: eventBridge, eventBusName });
}
