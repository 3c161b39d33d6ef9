/**
 * JSON with object keys sorted and undefined dropped: equal text ⇔ deeply equal values. DynamoDB
 * maps and AWS responses do not promise key order, so comparisons go through this.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
