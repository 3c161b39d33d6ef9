import { createSfnClient } from '#aws/sfn-client';
import { executions } from '../wiring/executions-port.ts';
import type { PortBuilder } from '../wiring/wiring-context.ts';

/** `executions`: whether an execution of the home region's state machine still runs (safety net). */
export const executionsPort: PortBuilder<'executions'> = (context) =>
  executions(context.client('sfn', context.homeRegion, createSfnClient));
