// A small stateful DynamoDB table behind aws-sdk-client-mock for the document client: GetItem,
// PutItem, UpdateItem, Query with the expression subset of shared-decisions §3, conditions
// evaluated for real so the lease tests exercise the stores' actual conditional writes.
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { REGION, testCredentials } from './kit.ts';

type Item = Record<string, unknown>;
type Names = Record<string, string> | undefined;
type Values = Record<string, unknown> | undefined;

export class FakeTable {
  readonly mock;
  readonly items = new Map<string, Item>();
  /** Fails the next call of the named command with this error. */
  readonly faults: { command: 'Get' | 'Put' | 'Update' | 'Query'; error: () => Error }[] = [];
  readonly #hooks: { command: FakeTable['faults'][number]['command']; run: () => void }[] = [];

  readonly client: DynamoDBDocumentClient;

  constructor(client: DynamoDBDocumentClient) {
    this.client = client;
    this.mock = mockClient(client);
    this.mock.on(GetCommand).callsFake((input) => {
      this.#fault('Get');
      const item = this.items.get(key(input.Key));
      const output = { Item: item ? structuredClone(item) : undefined };
      this.#after('Get');
      return output;
    });
    this.mock.on(PutCommand).callsFake((input) => {
      this.#fault('Put');
      const item = input.Item as Item;
      const current = this.items.get(key(item));
      if (
        input.ConditionExpression &&
        !evaluate(
          input.ConditionExpression,
          current,
          input.ExpressionAttributeNames,
          input.ExpressionAttributeValues,
        )
      ) {
        throw conditionFailed();
      }
      this.items.set(key(item), structuredClone(item));
      return {};
    });
    this.mock.on(UpdateCommand).callsFake((input) => {
      this.#fault('Update');
      const current = this.items.get(key(input.Key));
      if (
        input.ConditionExpression &&
        !evaluate(
          input.ConditionExpression,
          current,
          input.ExpressionAttributeNames,
          input.ExpressionAttributeValues,
        )
      ) {
        throw conditionFailed();
      }
      const next = applyUpdate(
        input.UpdateExpression ?? '',
        structuredClone(current ?? { ...input.Key }),
        input.ExpressionAttributeNames,
        input.ExpressionAttributeValues,
      );
      this.items.set(key(input.Key), next);
      return input.ReturnValues === 'ALL_NEW' ? { Attributes: structuredClone(next) } : {};
    });
    this.mock.on(QueryCommand).callsFake((input) => {
      this.#fault('Query');
      const names = input.ExpressionAttributeNames;
      const values = input.ExpressionAttributeValues;
      let items = [...this.items.values()]
        .filter((item) => evaluate(input.KeyConditionExpression ?? '', item, names, values))
        .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
      if (input.ScanIndexForward === false) items.reverse();
      const startAfter = input.ExclusiveStartKey ? key(input.ExclusiveStartKey) : undefined;
      if (startAfter) items = items.slice(items.findIndex((item) => key(item) === startAfter) + 1);
      const examined = input.Limit ? items.slice(0, input.Limit) : items;
      const last = input.Limit && items.length > input.Limit ? examined[examined.length - 1] : undefined;
      const filtered = input.FilterExpression
        ? examined.filter((item) => evaluate(input.FilterExpression ?? '', item, names, values))
        : examined;
      return {
        Items: filtered.map((item) => structuredClone(item)),
        ...(last ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk } } : {}),
      };
    });
  }

  /** Runs `run` right after the next call of `command` has been answered (to stage a race). */
  afterNext(command: FakeTable['faults'][number]['command'], run: () => void): void {
    this.#hooks.push({ command, run });
  }

  #after(command: FakeTable['faults'][number]['command']): void {
    const index = this.#hooks.findIndex((hook) => hook.command === command);
    if (index < 0) return;
    const [hook] = this.#hooks.splice(index, 1);
    hook?.run();
  }

  #fault(command: FakeTable['faults'][number]['command']): void {
    const index = this.faults.findIndex((fault) => fault.command === command);
    if (index < 0) return;
    const [fault] = this.faults.splice(index, 1);
    if (fault) throw fault.error();
  }
}

export function newFakeTable(): FakeTable {
  const base = new DynamoDBClient({ region: REGION, credentials: testCredentials });
  return new FakeTable(DynamoDBDocumentClient.from(base));
}

export const conditionFailed = () =>
  new ConditionalCheckFailedException({
    $metadata: { httpStatusCode: 400 },
    message: 'The conditional request failed',
  });

const key = (item: Record<string, unknown> | undefined) => `${String(item?.pk)}|${String(item?.sk)}`;

// ---- expressions -------------------------------------------------------------------------------

const TOKEN = /\s*(<>|<=|>=|[()=,<>+]|[#:]?[A-Za-z_][A-Za-z0-9_]*)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trimEnd().length) {
    const match = TOKEN.exec(text);
    if (!match?.[1]) throw new Error(`fake table: cannot parse expression at ${TOKEN.lastIndex}: ${text}`);
    tokens.push(match[1]);
  }
  return tokens;
}

class Parser {
  #at = 0;
  readonly tokens: string[];
  readonly item: Item | undefined;
  readonly names: Names;
  readonly values: Values;
  constructor(tokens: string[], item: Item | undefined, names: Names, values: Values) {
    this.tokens = tokens;
    this.item = item;
    this.names = names;
    this.values = values;
  }
  peek(): string | undefined {
    return this.tokens[this.#at];
  }
  take(expected?: string): string {
    const token = this.tokens[this.#at++];
    if (token === undefined || (expected !== undefined && token.toUpperCase() !== expected.toUpperCase())) {
      throw new Error(
        `fake table: expected ${expected ?? 'a token'}, got ${token} in ${this.tokens.join(' ')}`,
      );
    }
    return token;
  }
  done(): boolean {
    return this.#at >= this.tokens.length;
  }
  name(token: string): string {
    if (!token.startsWith('#')) return token;
    const name = this.names?.[token];
    if (name === undefined) throw new Error(`fake table: name placeholder ${token} not defined`);
    return name;
  }
  operand(token: string): unknown {
    if (token.startsWith(':')) {
      if (!this.values || !(token in this.values))
        throw new Error(`fake table: value placeholder ${token} not defined`);
      return this.values[token];
    }
    return this.item?.[this.name(token)];
  }
  or(): boolean {
    let value = this.and();
    while (this.peek()?.toUpperCase() === 'OR') {
      this.take();
      const right = this.and();
      value = value || right;
    }
    return value;
  }
  and(): boolean {
    let value = this.not();
    while (this.peek()?.toUpperCase() === 'AND') {
      this.take();
      const right = this.not();
      value = value && right;
    }
    return value;
  }
  not(): boolean {
    if (this.peek()?.toUpperCase() === 'NOT') {
      this.take();
      return !this.not();
    }
    return this.primary();
  }
  primary(): boolean {
    const token = this.take();
    if (token === '(') {
      const value = this.or();
      this.take(')');
      return value;
    }
    if (token === 'attribute_exists' || token === 'attribute_not_exists') {
      this.take('(');
      const path = this.name(this.take());
      this.take(')');
      const exists = this.item !== undefined && this.item[path] !== undefined;
      return token === 'attribute_exists' ? exists : !exists;
    }
    if (token === 'begins_with') {
      this.take('(');
      const left = this.operand(this.take());
      this.take(',');
      const right = this.operand(this.take());
      this.take(')');
      return typeof left === 'string' && typeof right === 'string' && left.startsWith(right);
    }
    const left = this.operand(token);
    const op = this.take();
    const right = this.operand(this.take());
    if (left === undefined || right === undefined) return false;
    switch (op) {
      case '=':
        return JSON.stringify(left) === JSON.stringify(right);
      case '<>':
        return JSON.stringify(left) !== JSON.stringify(right);
      case '<':
        return (left as number) < (right as number);
      case '<=':
        return (left as number) <= (right as number);
      case '>':
        return (left as number) > (right as number);
      case '>=':
        return (left as number) >= (right as number);
      default:
        throw new Error(`fake table: unknown operator ${op}`);
    }
  }
}

function evaluate(expression: string, item: Item | undefined, names: Names, values: Values): boolean {
  const parser = new Parser(tokenize(expression), item, names, values);
  const value = parser.or();
  if (!parser.done()) throw new Error(`fake table: trailing tokens in ${expression}`);
  return value;
}

function applyUpdate(expression: string, item: Item, names: Names, values: Values): Item {
  const parser = new Parser(tokenize(expression), item, names, values);
  while (!parser.done()) {
    const clause = parser.take().toUpperCase();
    if (clause === 'SET') {
      do {
        if (parser.peek() === ',') parser.take();
        const path = parser.name(parser.take());
        parser.take('=');
        let value = term(parser);
        if (parser.peek() === '+') {
          parser.take();
          value = (value as number) + (term(parser) as number);
        }
        item[path] = structuredClone(value);
      } while (parser.peek() === ',');
    } else if (clause === 'REMOVE') {
      do {
        if (parser.peek() === ',') parser.take();
        delete item[parser.name(parser.take())];
      } while (parser.peek() === ',');
    } else {
      throw new Error(`fake table: unsupported update clause ${clause}`);
    }
  }
  return item;
}

function term(parser: Parser): unknown {
  const token = parser.take();
  if (token === 'if_not_exists') {
    parser.take('(');
    const path = parser.name(parser.take());
    parser.take(',');
    const fallback = parser.operand(parser.take());
    parser.take(')');
    return parser.item?.[path] ?? fallback;
  }
  return parser.operand(token);
}
