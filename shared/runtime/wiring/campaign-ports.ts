import type { AwsClients } from '#aws/clients';
import type { CampaignOpsPorts, CampaignTablePorts } from '#core/campaign/ports';
import type { Clock } from '#ports/clock';

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
  const { StepFunctionsControl } = await import('#aws/sfn-control');
  const { readCallerIdentity } = await import('#aws/caller-identity');
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
    import('#aws/dynamodb-lease-store'),
    import('#aws/dynamodb-audit-log'),
    import('#aws/dynamodb-campaign-abort-flags'),
  ]);
  const table = { client: clients.documents, tableName };
  return {
    leases: new DynamoDbLeaseStore(table),
    audit: new DynamoDbAuditLog(table),
    abortFlags: new DynamoDbCampaignAbortFlags(table),
  };
}
