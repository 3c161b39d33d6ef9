import {
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandOutput,
  UpdateCommand,
  type UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { AwsTransientError, PlanClosedError } from '#core/errors';
import type { ExecutionLedger } from '#ports/lease-store';
import { isAwsError, toCutoverError } from './aws-errors.ts';
import type { DynamoDbTableOptions } from './dynamodb-table.ts';

export type DynamoDbExecutionLedgerOptions = DynamoDbTableOptions;

const PK = 'execution';
/** Closed records are kept well past the 14-day redrive window, then expire through the table's TTL. */
const CLOSED_RETENTION_SECONDS = 90 * 24 * 3600;

interface ExecutionItem {
  pk: string;
  sk: string;
  status: 'OPEN' | 'CLOSED';
  planName?: string;
  routerArn?: string;
  openedAt?: string;
  outcome?: string;
  closedAt?: string;
}

/**
 * Whether an execution's plan is still open (`pk="execution"`, `sk=<executionArn>`). Closing is
 * final: a redriven execution finds its plan closed and writes nothing.
 */
export class DynamoDbExecutionLedger implements ExecutionLedger {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbExecutionLedgerOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async open(req: Parameters<ExecutionLedger['open']>[0]): Promise<void> {
    const item = await this.#update(req.executionArn, {
      UpdateExpression:
        'SET #status = :open, #planName = :planName, #routerArn = :routerArn, #openedAt = if_not_exists(#openedAt, :at)',
      // Opening twice (a retried Lambda) is fine; reopening a closed plan is not.
      ConditionExpression: 'attribute_not_exists(#pk) OR #status = :open',
      ExpressionAttributeNames: {
        '#pk': 'pk',
        '#status': 'status',
        '#planName': 'planName',
        '#routerArn': 'routerArn',
        '#openedAt': 'openedAt',
      },
      ExpressionAttributeValues: {
        ':open': 'OPEN',
        ':planName': req.planName,
        ':routerArn': req.routerArn,
        ':at': req.at,
      },
    });
    if (!item) {
      const current = await this.#get(req.executionArn);
      throw new PlanClosedError(
        `execution ${req.executionArn}: plan ${current?.planName ?? req.planName} is already closed` +
          `${current?.outcome ? ` (${current.outcome} at ${current.closedAt})` : ''}; ` +
          'a redriven or repeated execution writes nothing — start a new execution to run the plan again',
      );
    }
    if (item.status !== 'OPEN') throw unconfirmed(req.executionArn, `status is ${item.status} after open`);
  }

  async close(req: Parameters<ExecutionLedger['close']>[0]): Promise<void> {
    const ttl = Math.floor(Date.parse(req.at) / 1000) + CLOSED_RETENTION_SECONDS;
    const item = await this.#update(req.executionArn, {
      UpdateExpression: 'SET #status = :closed, #outcome = :outcome, #closedAt = :at, #ttl = :ttl',
      // The first close wins; closing again (a retry, the safety net) keeps the first outcome.
      ConditionExpression: 'attribute_not_exists(#pk) OR #status = :open',
      ExpressionAttributeNames: {
        '#pk': 'pk',
        '#status': 'status',
        '#outcome': 'outcome',
        '#closedAt': 'closedAt',
        '#ttl': 'ttl',
      },
      ExpressionAttributeValues: {
        ':closed': 'CLOSED',
        ':open': 'OPEN',
        ':outcome': req.outcome,
        ':at': req.at,
        ':ttl': ttl,
      },
    });
    if (item && item.status !== 'CLOSED')
      throw unconfirmed(req.executionArn, `status is ${item.status} after close`);
  }

  async status(executionArn: string): Promise<'OPEN' | 'CLOSED' | undefined> {
    return (await this.#get(executionArn))?.status;
  }

  async #update(
    executionArn: string,
    input: Pick<
      ConstructorParameters<typeof UpdateCommand>[0],
      'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
  ): Promise<ExecutionItem | undefined> {
    let output: UpdateCommandOutput;
    try {
      output = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: PK, sk: executionArn },
          ReturnValues: 'ALL_NEW',
          ...input,
        }),
      );
    } catch (err) {
      if (isAwsError(err, 'ConditionalCheckFailedException')) return undefined;
      throw toCutoverError(err, `execution ${executionArn}`);
    }
    if (!output.Attributes) throw unconfirmed(executionArn, 'the write returned no item');
    return output.Attributes as ExecutionItem;
  }

  async #get(executionArn: string): Promise<ExecutionItem | undefined> {
    let output: GetCommandOutput;
    try {
      output = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { pk: PK, sk: executionArn }, ConsistentRead: true }),
      );
    } catch (err) {
      throw toCutoverError(err, `execution ${executionArn}`);
    }
    return output.Item as ExecutionItem | undefined;
  }
}

function unconfirmed(executionArn: string, what: string): AwsTransientError {
  return new AwsTransientError(
    `execution ${executionArn}: ledger write not confirmed (${what}); retry the step`,
  );
}
