import { lightDepsFromEnv } from '../../shared/runtime/light-deps.ts';
import { createHandler } from './create-handler.ts';

/** Lambda entry: this function never calls AWS, so it is built without SDK clients. */
export const handler = createHandler(lightDepsFromEnv());
