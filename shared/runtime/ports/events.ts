import { createEventBridgeClient } from '#aws/eventbridge-client';
import { events } from '../wiring/events-port.ts';
import type { PortBuilder } from '../wiring/wiring-context.ts';

/** `events`: Cutover events on the home region's bus. */
export const eventsPort: PortBuilder<'events'> = (context) =>
  events(context.client('eventBridge', context.homeRegion, createEventBridgeClient), context.eventBusName);
