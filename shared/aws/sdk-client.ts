import type { ElasticLoadBalancingV2ClientConfig } from '@aws-sdk/client-elastic-load-balancing-v2';

/**
 * What every SDK client of Cutover is built from. Each service has its own tiny factory module
 * (`<service>-client.ts`) over this one config, so a Lambda bundle imports only the SDK packages
 * its use-case calls: importing a client package evaluates the whole package at cold start.
 */

/**
 * Something that can be attached to every client's middleware stack — the rehearsal sandbox uses
 * this to answer requests below the adapters (and below the SDK's own retry middleware).
 */
export interface ClientPlugin {
  applyToStack(stack: unknown): void;
}

export interface ClientOptions {
  /** From the router ARN; never from guesswork. */
  readonly region: string;
  /** Overrides `AWS_ENDPOINT_URL` (an emulator). The SDK reads the variable itself otherwise. */
  readonly endpoint?: string;
  /** Total attempts per call including the first (SDK adaptive retry). */
  readonly maxAttempts?: number;
  /** Per-request socket timeout in ms. */
  readonly requestTimeoutMs?: number;
  readonly plugins?: readonly ClientPlugin[];
  /** Static credentials (a sandbox or tests); otherwise the default provider chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /**
   * Answers requests instead of the network (tests). Everything above it — signing, retries,
   * parsing — is the SDK's own, so a fake handler exercises the real retry path.
   * When set, `requestTimeoutMs` does not apply (the handler owns timeouts).
   */
  readonly requestHandler?: ElasticLoadBalancingV2ClientConfig['requestHandler'];
  /** Replaces the adaptive retry strategy (tests that need tiny backoff delays). */
  readonly retryStrategy?: ElasticLoadBalancingV2ClientConfig['retryStrategy'];
}

/** The constructor config shared by every client: adaptive retry, bounded timeouts, overrides. */
export function sdkClientConfig(options: ClientOptions) {
  return {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 5,
    retryMode: 'adaptive',
    requestHandler: options.requestHandler ?? {
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      connectionTimeout: 3_000,
    },
    ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  } as const;
}

/** Attaches the options' plugins to a freshly built client's middleware stack. */
export function withPlugins<C extends { middlewareStack: unknown }>(client: C, options: ClientOptions): C {
  for (const plugin of options.plugins ?? []) plugin.applyToStack(client.middlewareStack);
  return client;
}
