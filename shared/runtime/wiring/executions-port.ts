import type { SFNClient } from '@aws-sdk/client-sfn';
import { SfnExecutionStatusSource } from '../../aws/sfn-execution-status.ts';
import type { CutoverPorts } from '../../core/use-cases/ports.ts';

/** `executions`: whether an execution of the home region's state machine still runs (safety net). */
export function executions(sfn: SFNClient): CutoverPorts['executions'] {
  return new SfnExecutionStatusSource({ client: sfn });
}
