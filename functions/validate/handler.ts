import { lightDepsFromEnv } from '#runtime/light-deps';
import { createHandler } from './create-handler.ts';

/**
 * Lambda entry: this function never calls AWS, so it is built without SDK clients. The light deps
 * carry the deployment's routers (env CUTOVER_ROUTERS) so a plan for any other router is refused here.
 */
export const handler = createHandler(lightDepsFromEnv());
