import { LambdaClient } from '@aws-sdk/client-lambda';
import { type ClientOptions, sdkClientConfig, withPlugins } from './sdk-client.ts';

/** The longest a synchronous Invoke can run (Lambda's own limit), so the hook's deadline decides. */
const INVOKE_TIMEOUT_MS = 900_000;

/**
 * Lambda: invokes lifecycle hooks. One attempt per call: the hook's own `retries` (with backoff,
 * within its deadline) decide redelivery, not the SDK — a retried Invoke of a load test is a second load test.
 */
export function createLambdaClient(options: ClientOptions): LambdaClient {
  const config = sdkClientConfig({ ...options, maxAttempts: 1, requestTimeoutMs: INVOKE_TIMEOUT_MS });
  return withPlugins(new LambdaClient(config), options);
}
