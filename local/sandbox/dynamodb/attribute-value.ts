import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A stored item: attribute name → marshalled value, exactly as DynamoDB keeps it. */
export type Item = Record<string, AttributeValue>;

/** The single type key of a value (`S`, `N`, `M`, …). */
export function typeOf(value: AttributeValue): string {
  const key = Object.keys(value).find((k) => (value as unknown as Record<string, unknown>)[k] !== undefined);
  return key ?? 'NULL';
}

/** Deep equality as DynamoDB's `=` sees it: same type and value (numbers compared as numbers). */
export function sameValue(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  const x = (a as unknown as Record<string, unknown>)[type];
  const y = (b as unknown as Record<string, unknown>)[type];
  switch (type) {
    case 'N':
      return Number(x) === Number(y);
    case 'M': {
      const mx = x as Item;
      const my = y as Item;
      const keys = Object.keys(mx);
      return (
        keys.length === Object.keys(my).length &&
        keys.every((k) => my[k] !== undefined && sameValue(mx[k] as AttributeValue, my[k] as AttributeValue))
      );
    }
    case 'L': {
      const lx = x as AttributeValue[];
      const ly = y as AttributeValue[];
      return lx.length === ly.length && lx.every((v, i) => sameValue(v, ly[i] as AttributeValue));
    }
    case 'SS':
    case 'NS':
    case 'BS': {
      const sx = (x as unknown[]).map(String).sort();
      const sy = (y as unknown[]).map(String).sort();
      return sx.length === sy.length && sx.every((v, i) => v === sy[i]);
    }
    case 'B':
      return Buffer.from(x as Uint8Array).equals(Buffer.from(y as Uint8Array));
    default:
      return x === y;
  }
}

/** Ordering for `<`, `<=`, `>`, `>=`: only between two N, two S or two B; otherwise undefined (false). */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  const type = typeOf(a);
  if (type !== typeOf(b)) return undefined;
  if (type === 'N') return Math.sign(Number(a.N) - Number(b.N));
  if (type === 'S') return compareStrings(a.S as string, b.S as string);
  if (type === 'B') return Buffer.compare(Buffer.from(a.B as Uint8Array), Buffer.from(b.B as Uint8Array));
  return undefined;
}

/** DynamoDB orders strings by their UTF-8 bytes. */
export function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Marshalled → plain values, as the document client returns them (numbers as numbers, sets as Set).
 * The sandbox answers below the document client's own unmarshalling middleware, so it does this
 * itself when the request came through the document client.
 */
export function unmarshallValue(value: AttributeValue): unknown {
  const type = typeOf(value);
  const inner = (value as unknown as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
    case 'BOOL':
    case 'B':
      return inner;
    case 'NULL':
      return null;
    case 'N':
      return Number(inner);
    case 'M':
      return unmarshallItem(inner as Item);
    case 'L':
      return (inner as AttributeValue[]).map(unmarshallValue);
    case 'SS':
      return new Set(inner as string[]);
    case 'NS':
      return new Set((inner as string[]).map(Number));
    case 'BS':
      return new Set(inner as Uint8Array[]);
    default:
      return inner;
  }
}

export function unmarshallItem(item: Item): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, unmarshallValue(value)]));
}

/** The output of a table command as the document client returns it (Item/Attributes/Items unmarshalled). */
export function toDocumentOutput<
  T extends { Item?: Item; Attributes?: Item; Items?: Item[]; LastEvaluatedKey?: Item },
>(output: T): unknown {
  return {
    ...output,
    ...(output.Item === undefined ? {} : { Item: unmarshallItem(output.Item) }),
    ...(output.Attributes === undefined ? {} : { Attributes: unmarshallItem(output.Attributes) }),
    ...(output.Items === undefined ? {} : { Items: output.Items.map(unmarshallItem) }),
    ...(output.LastEvaluatedKey === undefined
      ? {}
      : { LastEvaluatedKey: unmarshallItem(output.LastEvaluatedKey) }),
  };
}
