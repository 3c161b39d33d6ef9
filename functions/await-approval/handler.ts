import { lambdaDepsFromEnv } from '../../shared/runtime/aws-deps.ts';
import { createHandler } from './create-handler.ts';

/** Lambda entry: real adapters built once per container, from the environment. */
export const handler = createHandler(lambdaDepsFromEnv());
