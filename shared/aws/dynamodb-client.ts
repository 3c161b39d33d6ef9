import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** DynamoDB: the Cutover table (leases, ledger, audit). */
export function createDynamoDbClient(options: ClientOptions): DynamoDBClient {
  return withPlugins(new DynamoDBClient(sdkClientConfig(options)), options);
}

/** Document client over `dynamoDb` (marshalling only; the base client carries middleware and plugins). */
export function documentClientOver(dynamoDb: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamoDb, { marshallOptions: { removeUndefinedValues: true } });
}
