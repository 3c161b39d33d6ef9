import type {
  AttributeValue,
  DeleteItemInput,
  GetItemInput,
  PutItemInput,
  QueryInput,
  UpdateItemInput,
} from '@aws-sdk/client-dynamodb';
import { awsError, notSimulated } from '../aws-error.ts';
import { compareStrings, compareValues, type Item, typeOf } from './attribute-value.ts';
import {
  applyUpdate,
  type Condition,
  evaluateCondition,
  Placeholders,
  parseCondition,
  parseUpdate,
  resolvePath,
} from './expression.ts';

/** The key schema of every Cutover table: partition key `pk`, sort key `sk`, both strings. */
const PARTITION_KEY = 'pk';
const SORT_KEY = 'sk';

/**
 * DynamoDB tables with Cutover's key schema: PutItem, GetItem, UpdateItem, DeleteItem and Query with
 * conditional writes over the expression subset in `expression.ts`. A failed condition is a
 * `ConditionalCheckFailedException` (with the old item when `ReturnValuesOnConditionCheckFailure`
 * asks for it); a request DynamoDB would refuse is a `ValidationException`.
 */
export class DynamoDbSimulation {
  readonly #tables = new Map<string, Map<string, Item>>();

  constructor(tableNames: readonly string[]) {
    for (const name of tableNames) this.#tables.set(name, new Map());
  }

  /** Every item of a table, sorted by key (for tests and reports). */
  items(tableName: string): Item[] {
    return [...this.#table(tableName).values()].map((item) => structuredClone(item)).sort(byKey);
  }

  putItem(input: PutItemInput): { Attributes?: Item } {
    const table = this.#table(input.TableName);
    const item = input.Item ?? {};
    const key = keyOf(item);
    const placeholders = new Placeholders(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    const condition = parseOptional(input.ConditionExpression, placeholders);
    placeholders.assertAllUsed();
    const old = table.get(key);
    check(condition, old, placeholders, input.ReturnValuesOnConditionCheckFailure);
    table.set(key, structuredClone(item));
    return returnOld(old, input.ReturnValues);
  }

  getItem(input: GetItemInput): { Item?: Item } {
    const table = this.#table(input.TableName);
    if (input.ProjectionExpression !== undefined)
      throw notSimulated('GetItem ProjectionExpression', 'read the whole item');
    const item = table.get(keyOf(input.Key ?? {}, true));
    return item === undefined ? {} : { Item: structuredClone(item) };
  }

  updateItem(input: UpdateItemInput): { Attributes?: Item } {
    const table = this.#table(input.TableName);
    const keyItem = input.Key ?? {};
    const key = keyOf(keyItem, true);
    if (input.UpdateExpression === undefined)
      throw notSimulated('UpdateItem without UpdateExpression', 'use SET/REMOVE');
    const placeholders = new Placeholders(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    const condition = parseOptional(input.ConditionExpression, placeholders);
    const update = parseUpdate(input.UpdateExpression, placeholders);
    placeholders.assertAllUsed();
    const old = table.get(key);
    check(condition, old, placeholders, input.ReturnValuesOnConditionCheckFailure);
    const next = applyUpdate(update, old ?? structuredClone(keyItem), placeholders, [
      PARTITION_KEY,
      SORT_KEY,
    ]);
    table.set(key, next);
    switch (input.ReturnValues ?? 'NONE') {
      case 'NONE':
        return {};
      case 'ALL_OLD':
        return old === undefined ? {} : { Attributes: structuredClone(old) };
      case 'ALL_NEW':
        return { Attributes: structuredClone(next) };
      case 'UPDATED_NEW':
      case 'UPDATED_OLD': {
        const source = input.ReturnValues === 'UPDATED_NEW' ? next : (old ?? {});
        const names = new Set(
          update.set
            .map((s) => s.path[0])
            .flatMap((segment) => (segment && 'name' in segment ? [segment.name] : [])),
        );
        const picked = Object.fromEntries(Object.entries(source).filter(([name]) => names.has(name)));
        return Object.keys(picked).length === 0 ? {} : { Attributes: structuredClone(picked) };
      }
      default:
        throw awsError(
          'ValidationException',
          `ReturnValues ${input.ReturnValues} is not valid for UpdateItem`,
        );
    }
  }

  deleteItem(input: DeleteItemInput): { Attributes?: Item } {
    const table = this.#table(input.TableName);
    const key = keyOf(input.Key ?? {}, true);
    const placeholders = new Placeholders(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    const condition = parseOptional(input.ConditionExpression, placeholders);
    placeholders.assertAllUsed();
    const old = table.get(key);
    check(condition, old, placeholders, input.ReturnValuesOnConditionCheckFailure);
    table.delete(key);
    return returnOld(old, input.ReturnValues);
  }

  query(input: QueryInput): { Items: Item[]; Count: number; ScannedCount: number; LastEvaluatedKey?: Item } {
    const table = this.#table(input.TableName);
    if (input.IndexName !== undefined)
      throw notSimulated(`Query on index ${input.IndexName}`, 'query the table itself');
    if (input.KeyConditionExpression === undefined) {
      throw awsError(
        'ValidationException',
        'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
      );
    }
    const placeholders = new Placeholders(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    const keyCondition = parseCondition(input.KeyConditionExpression, placeholders);
    assertKeyCondition(keyCondition);
    const filter = parseOptional(input.FilterExpression, placeholders);
    placeholders.assertAllUsed();
    let candidates = [...table.values()]
      .filter((item) => evaluateCondition(keyCondition, item, placeholders))
      .sort(byKey);
    if (input.ScanIndexForward === false) candidates.reverse();
    if (input.ExclusiveStartKey !== undefined) {
      const start = keyOf(input.ExclusiveStartKey, true);
      const index = candidates.findIndex((item) => keyOf(item) === start);
      candidates = index === -1 ? candidates : candidates.slice(index + 1);
    }
    const limit = input.Limit ?? Number.POSITIVE_INFINITY;
    const scanned = candidates.slice(0, limit);
    const items = scanned.filter(
      (item) => filter === undefined || evaluateCondition(filter, item, placeholders),
    );
    const last = scanned.length < candidates.length ? scanned[scanned.length - 1] : undefined;
    return {
      Items: items.map((item) => structuredClone(item)),
      Count: items.length,
      ScannedCount: scanned.length,
      ...(last === undefined
        ? {}
        : {
            LastEvaluatedKey: {
              [PARTITION_KEY]: last[PARTITION_KEY] as AttributeValue,
              [SORT_KEY]: last[SORT_KEY] as AttributeValue,
            },
          }),
    };
  }

  #table(name: string | undefined): Map<string, Item> {
    const table = this.#tables.get(name ?? '');
    if (table === undefined)
      throw awsError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
    return table;
  }
}

function parseOptional(text: string | undefined, placeholders: Placeholders): Condition | undefined {
  return text === undefined ? undefined : parseCondition(text, placeholders);
}

function check(
  condition: Condition | undefined,
  old: Item | undefined,
  placeholders: Placeholders,
  returnOnFailure: string | undefined,
): void {
  if (condition === undefined || evaluateCondition(condition, old, placeholders)) return;
  const extra = returnOnFailure === 'ALL_OLD' && old !== undefined ? { Item: structuredClone(old) } : {};
  throw awsError('ConditionalCheckFailedException', 'The conditional request failed', extra);
}

function returnOld(old: Item | undefined, returnValues: string | undefined): { Attributes?: Item } {
  if (returnValues === 'ALL_OLD' && old !== undefined) return { Attributes: structuredClone(old) };
  if (returnValues !== undefined && returnValues !== 'NONE' && returnValues !== 'ALL_OLD') {
    throw awsError('ValidationException', `ReturnValues ${returnValues} is not valid for this operation`);
  }
  return {};
}

/** The storage key of an item; a key that does not match the schema is refused like DynamoDB does. */
function keyOf(item: Item, exact = false): string {
  const pk = item[PARTITION_KEY];
  const sk = item[SORT_KEY];
  if (
    pk === undefined ||
    sk === undefined ||
    typeOf(pk) !== 'S' ||
    typeOf(sk) !== 'S' ||
    (exact && Object.keys(item).length !== 2)
  ) {
    throw awsError('ValidationException', 'The provided key element does not match the schema');
  }
  return `${pk.S}\u0000${sk.S}`;
}

function byKey(a: Item, b: Item): number {
  return (
    compareStrings(a[PARTITION_KEY]?.S ?? '', b[PARTITION_KEY]?.S ?? '') ||
    (compareValues(a[SORT_KEY] as AttributeValue, b[SORT_KEY] as AttributeValue) ?? 0)
  );
}

/** A key condition must pin the partition key with `=` (and may narrow the sort key). */
function assertKeyCondition(condition: Condition): void {
  const parts = condition.kind === 'and' ? [condition.left, condition.right] : [condition];
  const pinsPartition = parts.some(
    (part) =>
      part.kind === 'compare' &&
      part.op === '=' &&
      part.left.kind === 'path' &&
      resolvePath({ [PARTITION_KEY]: { S: '' } }, part.left.path) !== undefined &&
      part.left.path.length === 1,
  );
  const onlyKeys = parts.every(
    (part) => part.kind === 'compare' || part.kind === 'begins_with' || part.kind === 'between',
  );
  if (!pinsPartition || !onlyKeys || parts.length > 2) {
    throw awsError('ValidationException', 'Query condition missed key schema element: pk');
  }
}
