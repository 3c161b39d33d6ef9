import type { ClientPlugin } from '#aws/clients';
import { notSimulated } from './aws-error.ts';
import { type Item, toDocumentOutput } from './dynamodb/attribute-value.ts';
import { DynamoDbSimulation } from './dynamodb/table.ts';

/**
 * A DynamoDB table that lives in this process only, for `cutover run --local --no-lease`: the real
 * lease store, ledger and audit adapters write to it with the same conditional expressions as to a
 * real table. It protects nothing beyond this process: another cutover (or a second terminal) on the
 * same router cannot see it.
 */
export function inProcessTablePlugin(tableName: string): ClientPlugin {
  const table = new DynamoDbSimulation([tableName]);
  const answer = (
    command: string,
    input: never,
  ): { Item?: Item; Attributes?: Item; Items?: Item[]; LastEvaluatedKey?: Item } => {
    switch (command) {
      case 'PutItem':
        return table.putItem(input);
      case 'GetItem':
        return table.getItem(input);
      case 'UpdateItem':
        return table.updateItem(input);
      case 'DeleteItem':
        return table.deleteItem(input);
      case 'Query':
        return table.query(input);
      default:
        throw notSimulated(
          `${command} on the in-process table`,
          'it answers PutItem, GetItem, UpdateItem, DeleteItem and Query',
        );
    }
  };
  return {
    applyToStack: (stack) => {
      (stack as { addRelativeTo(mw: unknown, options: Record<string, unknown>): void }).addRelativeTo(
        (
          _next: unknown,
          context: { commandName?: string; __aws_sdk_context?: { features?: Record<string, unknown> } },
        ) =>
          async (args: { input: unknown }) => {
            const output = answer(
              (context.commandName ?? '').replace(/Command$/, ''),
              structuredClone(args.input) as never,
            );
            // The document client's own unmarshalling sits below this point; do it here (see sandbox.ts).
            const viaDocuments = context.__aws_sdk_context?.features?.DDB_MAPPER !== undefined;
            return {
              output: {
                $metadata: { httpStatusCode: 200 },
                ...((viaDocuments ? toDocumentOutput(output) : output) as object),
              },
              response: { statusCode: 200, headers: {} },
            };
          },
        { relation: 'after', toMiddleware: 'retryMiddleware', name: 'cutoverInProcessTable', override: true },
      );
    },
  };
}
