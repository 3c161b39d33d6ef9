import type { RouterRef } from '#plan/types';

/** Builds a value once per key and keeps it (module scope in a Lambda: once per container). */
function memoBy<K, T>(keyOf: (key: K) => string, build: (key: K) => T): (key: K) => T {
  const cache = new Map<string, T>();
  return (key) => {
    const id = keyOf(key);
    let value = cache.get(id);
    if (value === undefined) {
      value = build(key);
      cache.set(id, value);
    }
    return value;
  };
}

/** An SDK client (or a few) for a region, built on first use. */
export type RegionalClient<C> = (region: string) => C;

/** One client per region: router-side calls go to the router's region, never the Lambda's default. */
export function perRegion<C>(build: (region: string) => C): RegionalClient<C> {
  return memoBy((region: string) => region, build);
}

/** One adapter per router ARN. */
export function perRouter<T>(build: (router: RouterRef) => T): (router: RouterRef) => T {
  return memoBy((router: RouterRef) => router.arn, build);
}
