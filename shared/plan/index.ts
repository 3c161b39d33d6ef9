// The plan language: parse, validate, resolve and summarize plans. Pure apart from `load.ts` (files).
export * from './arn.ts';
export * from './duration.ts';
export * from './json-schema.ts';
export * from './load.ts';
export * from './problems.ts';
export * from './resolve.ts';
export * from './schema.ts';
export * from './schema-issues.ts';
export * from './stale.ts';
export * from './summary.ts';
export * from './text.ts';
export type * from './types.ts';
