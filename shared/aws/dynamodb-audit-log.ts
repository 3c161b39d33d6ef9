import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '#core/canonical-json';
import type { AuditEntry, AuditLog } from '#ports/audit-log';
import { isAwsError, toCutoverError } from './aws-errors.ts';
import type { DynamoDbTableOptions } from './dynamodb-table.ts';

export type DynamoDbAuditLogOptions = DynamoDbTableOptions;

const PK = 'audit';
const DEFAULT_LIMIT = 50;
/** Records of one execution at the same instant get sequence numbers; more than this is a bug. */
const MAX_SEQ = 100;

/**
 * Append-only audit records (`pk="audit"`, `sk=<ISO time>#<executionArn>#<seq>`): one PutItem per
 * record, conditional on the key being new, so nothing is ever overwritten. A retried record (same
 * content at the same key) is recognised and not written twice.
 */
export class DynamoDbAuditLog implements AuditLog {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbAuditLogOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async record(entry: AuditEntry): Promise<void> {
    // UTC ISO so that the sort key orders by time.
    const at = new Date(entry.at).toISOString();
    const content = withoutUndefined(entry);
    for (let seq = 0; seq < MAX_SEQ; seq += 1) {
      const sk = `${at}#${entry.executionArn}#${String(seq).padStart(4, '0')}`;
      try {
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: { pk: PK, sk, ...content },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk' },
          }),
        );
        return;
      } catch (err) {
        if (!isAwsError(err, 'ConditionalCheckFailedException')) {
          throw toCutoverError(err, `audit record ${entry.action} of ${entry.executionArn}`);
        }
      }
      if (await this.#holds(sk, content)) return;
    }
    throw new RangeError(
      `audit record ${entry.action} of ${entry.executionArn}: ${MAX_SEQ} records at ${at} already`,
    );
  }

  async list(filter: {
    readonly planName?: string;
    readonly limit?: number;
  }): Promise<readonly AuditEntry[]> {
    const limit = filter.limit ?? DEFAULT_LIMIT;
    const entries: AuditEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      let page: QueryCommandOutput;
      try {
        page = await this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: '#pk = :pk',
            ScanIndexForward: false,
            Limit: limit,
            ExpressionAttributeNames: {
              '#pk': 'pk',
              ...(filter.planName ? { '#planName': 'planName' } : {}),
            },
            ExpressionAttributeValues: {
              ':pk': PK,
              ...(filter.planName ? { ':planName': filter.planName } : {}),
            },
            ...(filter.planName ? { FilterExpression: '#planName = :planName' } : {}),
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
      } catch (err) {
        throw toCutoverError(err, `audit log in table ${this.#table}`);
      }
      for (const item of page.Items ?? []) {
        if (entries.length < limit) entries.push(toEntry(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && entries.length < limit);
    return entries;
  }

  /** Whether the record at `sk` is this very entry (a retry that already landed). */
  async #holds(sk: string, content: Record<string, unknown>): Promise<boolean> {
    try {
      const output = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { pk: PK, sk }, ConsistentRead: true }),
      );
      if (!output.Item) return false;
      const { pk: _pk, sk: _sk, ...stored } = output.Item;
      return canonicalJson(stored) === canonicalJson(content);
    } catch (err) {
      throw toCutoverError(err, `audit record ${sk}`);
    }
  }
}

function withoutUndefined(entry: AuditEntry): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
}

function toEntry(item: Record<string, unknown>): AuditEntry {
  const { pk: _pk, sk: _sk, ...entry } = item;
  return entry as unknown as AuditEntry;
}
