import type { AwsClients } from '#aws/clients';
import { SfnExecutionStatusSource } from '#aws/sfn-execution-status';
import type { CutoverPorts } from '#core/use-cases/ports';

// The SDK client type, named through the client set so this module imports no SDK package.
type SFNClient = AwsClients['sfn'];

/** `executions`: whether an execution of the home region's state machine still runs (safety net). */
export function executions(sfn: SFNClient): CutoverPorts['executions'] {
  return new SfnExecutionStatusSource({ client: sfn });
}
