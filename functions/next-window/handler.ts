import { lightDepsFromEnv } from '#runtime/light-deps';
import { createHandler } from './create-handler.ts';

/** Lambda entry: this function never calls AWS, so it is built without SDK clients. */
export const handler = createHandler(lightDepsFromEnv());
