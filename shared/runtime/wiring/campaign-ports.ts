import type { AwsClients } from '../../aws/clients.ts';
import type { CampaignOpsPorts, CampaignTablePorts } from '../../core/campaign/ports.ts';
import type { Clock } from '../../ports/clock.ts';

/**
 * The campaign operations' ports over real adapters, for the CLI (`cutover campaign …`): Step
 * Functions in the deployment's region, the caller's identity from STS, and — when the table is
 * known — leases, audit log and the campaign abort item in the Cutover table. The DynamoDB
 * adapters load only when a table is given (status without a table never needs them).
 */
export async function campaignOpsPorts(opts: {
  readonly clients: AwsClients;
  readonly clock: Clock;
  readonly tableName?: string;
}): Promise<CampaignOpsPorts> {
  const { StepFunctionsControl } = await import('../../aws/sfn-control.ts');
  const { readCallerIdentity } = await import('../../aws/caller-identity.ts');
  const table = opts.tableName === undefined ? undefined : await tablePorts(opts.clients, opts.tableName);
  return {
    executions: new StepFunctionsControl({ client: opts.clients.sfn }),
    clock: opts.clock,
    whoAmI: async () => (await readCallerIdentity(opts.clients.sts)).arn,
    ...(table ? { table } : {}),
  };
}

async function tablePorts(clients: AwsClients, tableName: string): Promise<CampaignTablePorts> {
  const [{ DynamoDbLeaseStore }, { DynamoDbAuditLog }, { DynamoDbCampaignAbortFlags }] = await Promise.all([
    import('../../aws/dynamodb-lease-store.ts'),
    import('../../aws/dynamodb-audit-log.ts'),
    import('../../aws/dynamodb-campaign-abort-flags.ts'),
  ]);
  const table = { client: clients.documents, tableName };
  return {
    leases: new DynamoDbLeaseStore(table),
    audit: new DynamoDbAuditLog(table),
    abortFlags: new DynamoDbCampaignAbortFlags(table),
  };
}
