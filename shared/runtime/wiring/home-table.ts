import { createDynamoDbClient, documentClientOver } from '#aws/dynamodb-client';
import type { LambdaEnv } from '../lambda-deps.ts';
import type { TableRef } from './table-ports.ts';

/** The Cutover table of a Lambda's environment, over a DynamoDB client of the home region. */
export function homeTable(env: LambdaEnv): TableRef {
  return {
    documents: documentClientOver(createDynamoDbClient({ region: env.homeRegion })),
    tableName: env.tableName,
  };
}
