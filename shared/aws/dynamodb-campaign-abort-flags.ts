import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CampaignAbortFlags, CampaignAbortRequest } from '#ports/campaign-abort-flags';
import { isAwsError, toCutoverError } from './aws-errors.ts';
import type { DynamoDbTableOptions } from './dynamodb-table.ts';

/** The partition the campaign state machine reads (its role may read nothing else of the table). */
export const CAMPAIGN_ABORT_PARTITION = 'campaign-abort';
/** Step Functions keeps execution names unique for 90 days; the item need not outlive that. */
const TTL_SECONDS = 90 * 24 * 3600;

/**
 * Campaign abort items (`pk="campaign-abort"`, `sk=<campaign execution name>`), written once:
 * conditional on the key being new, so a second abort neither overwrites who asked first nor fails.
 * Every write is read back (consistent read) before the caller reports it.
 */
export class DynamoDbCampaignAbortFlags implements CampaignAbortFlags {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbTableOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async raise(name: string, request: CampaignAbortRequest): Promise<CampaignAbortRequest> {
    const subject = `campaign ${name}: abort item`;
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            pk: CAMPAIGN_ABORT_PARTITION,
            sk: name,
            by: request.by,
            reason: request.reason,
            at: request.at,
            ttl: Math.floor(new Date(request.at).getTime() / 1000) + TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Already asked: the first request stands.
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw toCutoverError(error, subject);
    }
    const stored = await this.read(name);
    if (!stored) throw new Error(`${subject}: written, but not found on a consistent read`);
    return stored;
  }

  async read(name: string): Promise<CampaignAbortRequest | undefined> {
    try {
      const out = await this.#client.send(
        new GetCommand({
          TableName: this.#table,
          Key: { pk: CAMPAIGN_ABORT_PARTITION, sk: name },
          ConsistentRead: true,
        }),
      );
      const item = out.Item as { by?: string; reason?: string; at?: string } | undefined;
      return item ? { by: item.by ?? 'unknown', reason: item.reason ?? '', at: item.at ?? '' } : undefined;
    } catch (error) {
      throw toCutoverError(error, `campaign ${name}: reading the abort item`);
    }
  }
}
