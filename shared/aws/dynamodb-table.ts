import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Where the lease store, the execution ledger and the audit log keep their items: one table. */
export interface DynamoDbTableOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}
