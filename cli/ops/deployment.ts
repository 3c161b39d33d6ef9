import { type ParsedArgs, stringFlag } from '../command.ts';
import { toCliFailure, usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { type OpsDeps, rootOf } from './deps.ts';

/** The deployed Cutover stack the command talks to. */
export interface Deployment {
  readonly region: string;
  readonly stateMachineArn: string;
  /** The stack's outputs (empty when the state machine came from a flag or the environment alone). */
  readonly outputs: Readonly<Record<string, string>>;
}

/** The stack name `cdk deploy` uses by default (cutover.config.json `stackName`). */
export const DEFAULT_STACK_NAME = 'Cutover';

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;

/** The region inside a state machine or execution ARN. */
export function regionOfArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]+):/.exec(arn)?.[1];
}

export interface DeploymentNeeds {
  /** Stack outputs the command cannot work without, e.g. `SchedulerGroupName`. */
  readonly outputs?: readonly string[];
}

/** The region where no flag or ARN names one: AWS_REGION / AWS_DEFAULT_REGION, else the SDK's configuration. */
async function configuredRegion(io: CliIo, deps: OpsDeps): Promise<string | undefined> {
  return io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? (await deps.defaultRegion?.());
}

/**
 * Finds the state machine: `--state-machine-arn`, else `--stack` outputs, else the environment
 * (CUTOVER_STATE_MACHINE_ARN, CUTOVER_STACK), else the outputs of the default stack `Cutover`.
 * Flag problems are exit 2 before any AWS call; a stack that cannot be read is exit 3.
 */
export async function resolveDeployment(
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
  needs: DeploymentNeeds = {},
): Promise<Deployment> {
  const arnFlag = stringFlag(args, 'state-machine-arn');
  const stackFlag = stringFlag(args, 'stack');
  const arn = arnFlag ?? (stackFlag ? undefined : io.env.CUTOVER_STATE_MACHINE_ARN);
  const stack = stackFlag ?? io.env.CUTOVER_STACK ?? (arn === undefined ? DEFAULT_STACK_NAME : undefined);
  if (arn !== undefined && !STATE_MACHINE_ARN.test(arn)) {
    throw usageFailure(
      `--state-machine-arn: '${arn}' is not a state machine ARN; expected arn:aws:states:<region>:<account>:stateMachine:<name>`,
    );
  }
  const region =
    stringFlag(args, 'region') ?? (arn ? regionOfArn(arn) : undefined) ?? (await configuredRegion(io, deps));
  const needStack = arn === undefined || (needs.outputs ?? []).length > 0;
  if (!needStack && arn)
    return { region: region ?? regionOfArn(arn) ?? '', stateMachineArn: arn, outputs: {} };
  if (!stack) {
    const missing =
      arn === undefined ? 'the state machine' : `stack outputs ${(needs.outputs ?? []).join(', ')}`;
    throw usageFailure(
      `no Cutover deployment given for ${missing}; pass --stack <name> (or set CUTOVER_STACK)${arn === undefined ? ' or --state-machine-arn <arn> (or CUTOVER_STATE_MACHINE_ARN)' : ''}`,
    );
  }
  if (!region) {
    throw usageFailure(
      `--stack ${stack}: no region; pass --region, set AWS_REGION, or set a region in your AWS profile (aws configure)`,
    );
  }
  let outputs: Readonly<Record<string, string>>;
  try {
    outputs = await rootOf(deps).stackOutputs(region, stack);
  } catch (error) {
    throw toCliFailure(error, `reading the outputs of stack ${stack} in ${region}`);
  }
  const stateMachineArn = arn ?? stackOutput(outputs, 'StateMachineArn');
  const missing = ['StateMachineArn', ...(needs.outputs ?? [])].filter((key) =>
    key === 'StateMachineArn' ? !stateMachineArn : !stackOutput(outputs, key),
  );
  if (!stateMachineArn || missing.length > 0) {
    throw toCliFailure(
      new Error(`stack ${stack} has no output ${missing.join(', ')}`),
      `reading the outputs of stack ${stack}`,
    );
  }
  return { region: regionOfArn(stateMachineArn) ?? region, stateMachineArn, outputs };
}

/**
 * A stack output by its key. CDK prefixes outputs declared inside a construct with the construct
 * path and a hash (`CutoverStateMachineArnA1B2C3D4`), so a unique key containing the name counts too.
 */
export function stackOutput(outputs: Readonly<Record<string, string>>, key: string): string | undefined {
  if (outputs[key] !== undefined) return outputs[key];
  const matches = Object.keys(outputs).filter((k) => k.includes(key));
  return matches.length === 1 && matches[0] !== undefined ? outputs[matches[0]] : undefined;
}

/** The table: `--table`, CUTOVER_TABLE_NAME, else the stack output TableName. */
export async function resolveTableName(
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
  deployment?: Deployment,
): Promise<{ tableName: string; region: string }> {
  const explicit = stringFlag(args, 'table') ?? io.env.CUTOVER_TABLE_NAME;
  const fromOutputs = deployment ? stackOutput(deployment.outputs, 'TableName') : undefined;
  if (explicit ?? fromOutputs) {
    const region = deployment?.region ?? stringFlag(args, 'region') ?? (await configuredRegion(io, deps));
    if (!region) {
      throw usageFailure(
        'no region for the table; pass --region, set AWS_REGION, or set a region in your AWS profile',
      );
    }
    return { tableName: (explicit ?? fromOutputs) as string, region };
  }
  // The default stack names the state machine; a table is looked up only where the operator says.
  if (!stringFlag(args, 'stack') && !io.env.CUTOVER_STACK) {
    throw usageFailure(
      'no table to read the lease from: pass --table <name> (or set CUTOVER_TABLE_NAME), or --stack <name> to read it from the stack outputs',
    );
  }
  const withTable = await resolveDeployment(args, io, deps, { outputs: ['TableName'] });
  return { tableName: stackOutput(withTable.outputs, 'TableName') as string, region: withTable.region };
}
