import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { awsError } from '../aws-error.ts';
import { compareValues, type Item, sameValue, typeOf } from './attribute-value.ts';

/**
 * The DynamoDB expression subset Cutover's adapters use (shared decisions §3), parsed and evaluated
 * like DynamoDB does, including its complaints: unknown or unused placeholders and unsupported
 * syntax are `ValidationException`s, so an adapter bug shows up in a rehearsal, not in production.
 *
 * Conditions: attribute_exists(p), attribute_not_exists(p), begins_with(p, v), = <> < <= > >=,
 * BETWEEN, AND, OR, NOT, parentheses. Updates: SET p = v [+|- v] with if_not_exists(p, v), REMOVE p.
 */

type PathSegment = { readonly name: string } | { readonly index: number };
type Path = readonly PathSegment[];

type Operand =
  | { readonly kind: 'path'; readonly path: Path }
  | { readonly kind: 'value'; readonly placeholder: string };

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly inner: Condition }
  | { readonly kind: 'compare'; readonly op: string; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'between'; readonly operand: Operand; readonly low: Operand; readonly high: Operand }
  | { readonly kind: 'exists' | 'not_exists'; readonly path: Path }
  | { readonly kind: 'begins_with'; readonly path: Path; readonly prefix: Operand };

type UpdateValue =
  | Operand
  | { readonly kind: 'if_not_exists'; readonly path: Path; readonly fallback: UpdateValue }
  | {
      readonly kind: 'arith';
      readonly op: '+' | '-';
      readonly left: UpdateValue;
      readonly right: UpdateValue;
    };

export interface UpdatePlan {
  readonly set: readonly { readonly path: Path; readonly value: UpdateValue }[];
  readonly remove: readonly Path[];
}

/** Names and values a request supplies; every one must be used by some expression of the request. */
export class Placeholders {
  readonly #names: Readonly<Record<string, string>>;
  readonly #values: Readonly<Record<string, AttributeValue>>;
  readonly #usedNames = new Set<string>();
  readonly #usedValues = new Set<string>();

  constructor(names: Record<string, string> | undefined, values: Record<string, AttributeValue> | undefined) {
    this.#names = names ?? {};
    this.#values = values ?? {};
  }

  name(token: string): string {
    const name = this.#names[token];
    if (name === undefined) {
      throw awsError(
        'ValidationException',
        `Value provided in ExpressionAttributeNames unused or undefined: An expression attribute name used in the document path is not defined; attribute name: ${token}`,
      );
    }
    this.#usedNames.add(token);
    return name;
  }

  value(token: string): AttributeValue {
    const value = this.#values[token];
    if (value === undefined) {
      throw awsError(
        'ValidationException',
        `Invalid expression: An expression attribute value used in expression is not defined; attribute value: ${token}`,
      );
    }
    this.#usedValues.add(token);
    return value;
  }

  /** DynamoDB rejects a request that supplies placeholders no expression uses. */
  assertAllUsed(): void {
    const unusedNames = Object.keys(this.#names).filter((n) => !this.#usedNames.has(n));
    if (unusedNames.length > 0) {
      throw awsError(
        'ValidationException',
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
      );
    }
    const unusedValues = Object.keys(this.#values).filter((v) => !this.#usedValues.has(v));
    if (unusedValues.length > 0) {
      throw awsError(
        'ValidationException',
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
      );
    }
  }
}

// ---------------------------------------------------------------- tokens

interface Token {
  readonly kind: 'word' | 'name' | 'value' | 'number' | 'punct';
  readonly text: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s+|(<>|<=|>=|[=<>(),.[\]+-])|(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|(\d+)|([A-Za-z_][A-Za-z0-9_]*)/y;
  let position = 0;
  while (position < text.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (match === null) {
      throw awsError(
        'ValidationException',
        `Invalid expression: Syntax error; token: "${text.slice(position, position + 10)}", near: "${text}"`,
      );
    }
    position = pattern.lastIndex;
    const [, punct, name, value, number, word] = match;
    if (punct !== undefined) tokens.push({ kind: 'punct', text: punct });
    else if (name !== undefined) tokens.push({ kind: 'name', text: name });
    else if (value !== undefined) tokens.push({ kind: 'value', text: value });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (word !== undefined) tokens.push({ kind: 'word', text: word });
  }
  return tokens;
}

class Parser {
  readonly #tokens: Token[];
  readonly #source: string;
  readonly #placeholders: Placeholders;
  #at = 0;

  constructor(source: string, placeholders: Placeholders) {
    this.#source = source;
    this.#tokens = tokenize(source);
    this.#placeholders = placeholders;
  }

  get done(): boolean {
    return this.#at >= this.#tokens.length;
  }

  peek(offset = 0): Token | undefined {
    return this.#tokens[this.#at + offset];
  }

  isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'word' && token.text.toUpperCase() === word;
  }

  isPunct(text: string): boolean {
    const token = this.peek();
    return token?.kind === 'punct' && token.text === text;
  }

  take(): Token {
    const token = this.#tokens[this.#at];
    if (token === undefined) throw this.error('unexpected end of expression');
    this.#at += 1;
    return token;
  }

  expectPunct(text: string): void {
    const token = this.take();
    if (token.kind !== 'punct' || token.text !== text)
      throw this.error(`expected "${text}", got "${token.text}"`);
  }

  error(what: string): Error {
    return awsError(
      'ValidationException',
      `Invalid expression: Syntax error; ${what}; expression: "${this.#source}"`,
    );
  }

  // condition := or
  condition(): Condition {
    let left = this.#andCondition();
    while (this.isWord('OR')) {
      this.take();
      left = { kind: 'or', left, right: this.#andCondition() };
    }
    return left;
  }

  #andCondition(): Condition {
    let left = this.#notCondition();
    while (this.isWord('AND')) {
      this.take();
      left = { kind: 'and', left, right: this.#notCondition() };
    }
    return left;
  }

  #notCondition(): Condition {
    if (this.isWord('NOT')) {
      this.take();
      return { kind: 'not', inner: this.#notCondition() };
    }
    return this.#primaryCondition();
  }

  #primaryCondition(): Condition {
    if (this.isPunct('(')) {
      this.take();
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    const next = this.peek();
    if (next?.kind === 'word' && this.peek(1)?.text === '(') {
      const fn = this.take().text;
      this.expectPunct('(');
      let result: Condition;
      if (fn === 'attribute_exists' || fn === 'attribute_not_exists') {
        result = { kind: fn === 'attribute_exists' ? 'exists' : 'not_exists', path: this.path() };
      } else if (fn === 'begins_with') {
        const path = this.path();
        this.expectPunct(',');
        result = { kind: 'begins_with', path, prefix: this.operand() };
      } else {
        throw awsError(
          'ValidationException',
          `sandbox: condition function ${fn} is not simulated; use attribute_exists, attribute_not_exists or begins_with`,
        );
      }
      this.expectPunct(')');
      return result;
    }
    const left = this.operand();
    if (this.isWord('BETWEEN')) {
      this.take();
      const low = this.operand();
      if (!this.isWord('AND')) throw this.error('BETWEEN needs AND');
      this.take();
      return { kind: 'between', operand: left, low, high: this.operand() };
    }
    const op = this.take();
    if (op.kind !== 'punct' || !['=', '<>', '<', '<=', '>', '>='].includes(op.text)) {
      throw this.error(`expected a comparator, got "${op.text}"`);
    }
    return { kind: 'compare', op: op.text, left, right: this.operand() };
  }

  operand(): Operand {
    const token = this.peek();
    if (token?.kind === 'value') {
      this.take();
      this.#placeholders.value(token.text);
      return { kind: 'value', placeholder: token.text };
    }
    return { kind: 'path', path: this.path() };
  }

  path(): Path {
    const segments: PathSegment[] = [{ name: this.#pathName() }];
    for (;;) {
      if (this.isPunct('.')) {
        this.take();
        segments.push({ name: this.#pathName() });
      } else if (this.isPunct('[')) {
        this.take();
        const index = this.take();
        if (index.kind !== 'number') throw this.error('expected a list index');
        this.expectPunct(']');
        segments.push({ index: Number(index.text) });
      } else {
        return segments;
      }
    }
  }

  #pathName(): string {
    const token = this.take();
    if (token.kind === 'name') return this.#placeholders.name(token.text);
    if (token.kind === 'word') {
      if (RESERVED.has(token.text.toUpperCase())) {
        throw awsError(
          'ValidationException',
          `Invalid expression: Attribute name is a reserved keyword; reserved keyword: ${token.text}`,
        );
      }
      return token.text;
    }
    throw this.error(`expected an attribute name, got "${token.text}"`);
  }

  update(): UpdatePlan {
    const set: { path: Path; value: UpdateValue }[] = [];
    const remove: Path[] = [];
    if (this.done) throw this.error('empty update expression');
    while (!this.done) {
      const clause = this.take();
      const keyword = clause.text.toUpperCase();
      if (clause.kind !== 'word' || !['SET', 'REMOVE', 'ADD', 'DELETE'].includes(keyword)) {
        throw this.error(`expected SET or REMOVE, got "${clause.text}"`);
      }
      if (keyword === 'ADD' || keyword === 'DELETE') {
        throw awsError(
          'ValidationException',
          `sandbox: update clause ${keyword} is not simulated; use SET (with a + :n) or REMOVE`,
        );
      }
      do {
        if (keyword === 'SET') {
          const path = this.path();
          this.expectPunct('=');
          set.push({ path, value: this.#updateValue() });
        } else {
          remove.push(this.path());
        }
      } while (this.isPunct(',') && this.take());
    }
    return { set, remove };
  }

  #updateValue(): UpdateValue {
    const left = this.#updateOperand();
    if (this.isPunct('+') || this.isPunct('-')) {
      const op = this.take().text as '+' | '-';
      return { kind: 'arith', op, left, right: this.#updateOperand() };
    }
    return left;
  }

  #updateOperand(): UpdateValue {
    if (this.isWord('if_not_exists'.toUpperCase()) && this.peek(1)?.text === '(') {
      this.take();
      this.expectPunct('(');
      const path = this.path();
      this.expectPunct(',');
      const fallback = this.#updateValue();
      this.expectPunct(')');
      return { kind: 'if_not_exists', path, fallback };
    }
    const token = this.peek();
    if (token?.kind === 'word' && this.peek(1)?.text === '(') {
      throw awsError(
        'ValidationException',
        `sandbox: update function ${token.text} is not simulated; use if_not_exists`,
      );
    }
    return this.operand();
  }
}

/**
 * Part of DynamoDB's reserved words (the full list has ~570): the ones an attribute of ours could
 * plausibly be called. Written bare in an expression, DynamoDB rejects them; use a #name.
 */
const RESERVED = new Set([
  'ACTION',
  'ADD',
  'AFTER',
  'AND',
  'AT',
  'BEFORE',
  'BETWEEN',
  'BY',
  'COUNT',
  'DATA',
  'DELETE',
  'IN',
  'KEY',
  'NAME',
  'NOT',
  'OR',
  'OWNER',
  'SET',
  'SIZE',
  'STATE',
  'STATUS',
  'TIMESTAMP',
  'TTL',
  'TYPE',
  'USER',
  'VALUE',
]);

// ---------------------------------------------------------------- public entry points

export function parseCondition(text: string, placeholders: Placeholders): Condition {
  const parser = new Parser(text, placeholders);
  const condition = parser.condition();
  if (!parser.done) throw parser.error(`unexpected "${parser.peek()?.text}"`);
  return condition;
}

export function parseUpdate(text: string, placeholders: Placeholders): UpdatePlan {
  const parser = new Parser(text, placeholders);
  return parser.update();
}

export function evaluateCondition(
  condition: Condition,
  item: Item | undefined,
  placeholders: Placeholders,
): boolean {
  const value = (operand: Operand): AttributeValue | undefined =>
    operand.kind === 'value' ? placeholders.value(operand.placeholder) : resolvePath(item, operand.path);
  switch (condition.kind) {
    case 'and':
      return (
        evaluateCondition(condition.left, item, placeholders) &&
        evaluateCondition(condition.right, item, placeholders)
      );
    case 'or':
      return (
        evaluateCondition(condition.left, item, placeholders) ||
        evaluateCondition(condition.right, item, placeholders)
      );
    case 'not':
      return !evaluateCondition(condition.inner, item, placeholders);
    case 'exists':
      return resolvePath(item, condition.path) !== undefined;
    case 'not_exists':
      return resolvePath(item, condition.path) === undefined;
    case 'begins_with': {
      const target = resolvePath(item, condition.path);
      const prefix = value(condition.prefix);
      return target?.S !== undefined && prefix?.S !== undefined && target.S.startsWith(prefix.S);
    }
    case 'between': {
      const subject = value(condition.operand);
      const low = value(condition.low);
      const high = value(condition.high);
      if (subject === undefined || low === undefined || high === undefined) return false;
      const a = compareValues(subject, low);
      const b = compareValues(subject, high);
      return a !== undefined && b !== undefined && a >= 0 && b <= 0;
    }
    case 'compare': {
      const left = value(condition.left);
      const right = value(condition.right);
      if (left === undefined || right === undefined)
        return condition.op === '<>' && (left !== undefined || right !== undefined);
      if (condition.op === '=') return sameValue(left, right);
      if (condition.op === '<>') return !sameValue(left, right);
      const order = compareValues(left, right);
      if (order === undefined) return false;
      return condition.op === '<'
        ? order < 0
        : condition.op === '<='
          ? order <= 0
          : condition.op === '>'
            ? order > 0
            : order >= 0;
    }
  }
}

/** Applies an update to a copy of `item` (all values computed from the item before the update). */
export function applyUpdate(
  plan: UpdatePlan,
  item: Item,
  placeholders: Placeholders,
  keyNames: readonly string[],
): Item {
  const touched = [...plan.set.map((s) => s.path), ...plan.remove];
  const seen = new Set<string>();
  for (const path of touched) {
    const first = path[0];
    if (first !== undefined && 'name' in first && keyNames.includes(first.name) && path.length === 1) {
      throw awsError(
        'ValidationException',
        `One or more parameter values were invalid: Cannot update attribute ${first.name}. This attribute is part of the key`,
      );
    }
    const text = JSON.stringify(path);
    if (seen.has(text))
      throw awsError(
        'ValidationException',
        `Invalid UpdateExpression: Two document paths overlap with each other; path: ${describePath(path)}`,
      );
    seen.add(text);
  }
  const computed = plan.set.map(({ path, value }) => ({
    path,
    value: computeValue(value, item, placeholders),
  }));
  const next = structuredClone(item);
  for (const { path, value } of computed) writePath(next, path, value);
  for (const path of plan.remove) removePath(next, path);
  return next;
}

function computeValue(value: UpdateValue, item: Item, placeholders: Placeholders): AttributeValue {
  switch (value.kind) {
    case 'value':
      return placeholders.value(value.placeholder);
    case 'path': {
      const found = resolvePath(item, value.path);
      if (found === undefined) {
        throw awsError(
          'ValidationException',
          `The provided expression refers to an attribute that does not exist in the item; path: ${describePath(value.path)}`,
        );
      }
      return found;
    }
    case 'if_not_exists':
      return resolvePath(item, value.path) ?? computeValue(value.fallback, item, placeholders);
    case 'arith': {
      const left = computeValue(value.left, item, placeholders);
      const right = computeValue(value.right, item, placeholders);
      if (typeOf(left) !== 'N' || typeOf(right) !== 'N') {
        throw awsError(
          'ValidationException',
          'An operand in the update expression has an incorrect data type',
        );
      }
      const result = value.op === '+' ? Number(left.N) + Number(right.N) : Number(left.N) - Number(right.N);
      return { N: String(result) };
    }
  }
}

export function resolvePath(item: Item | undefined, path: Path): AttributeValue | undefined {
  let current: AttributeValue | undefined = item === undefined ? undefined : { M: item };
  for (const segment of path) {
    if (current === undefined) return undefined;
    if ('name' in segment) current = current.M?.[segment.name];
    else current = current.L?.[segment.index];
  }
  return current;
}

function writePath(item: Item, path: Path, value: AttributeValue): void {
  const parent = resolvePath(item, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent === undefined || last === undefined) {
    throw awsError(
      'ValidationException',
      `The document path provided in the update expression is invalid for update; path: ${describePath(path)}`,
    );
  }
  if ('name' in last && parent.M !== undefined) parent.M[last.name] = value;
  else if ('index' in last && parent.L !== undefined) {
    if (last.index >= parent.L.length) parent.L.push(value);
    else parent.L[last.index] = value;
  } else {
    throw awsError(
      'ValidationException',
      `The document path provided in the update expression is invalid for update; path: ${describePath(path)}`,
    );
  }
}

function removePath(item: Item, path: Path): void {
  const parent = resolvePath(item, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent === undefined || last === undefined) return;
  if ('name' in last && parent.M !== undefined) delete parent.M[last.name];
  else if ('index' in last && parent.L !== undefined) parent.L.splice(last.index, 1);
}

function describePath(path: Path): string {
  return path
    .map((segment, i) => ('name' in segment ? `${i === 0 ? '' : '.'}${segment.name}` : `[${segment.index}]`))
    .join('');
}
