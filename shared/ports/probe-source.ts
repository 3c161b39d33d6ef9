/**
 * The synthetic probe: requests sent through the load balancer with the test-route header, so they
 * reach only the destination. One `sample` is one burst of requests at one gate poll.
 */
export interface ProbeRequest {
  /** The router's listener: the probe resolves the load balancer's address and the listener's scheme and port from it. */
  readonly listenerArn: string;
  /** Overrides the resolved address, e.g. `https://crawler.example.com` when the certificate names that host. */
  readonly baseUrl?: string;
  readonly path: string;
  readonly header: string;
  readonly value: string;
  readonly requests: number;
  readonly timeoutMs: number;
}

export interface ProbeResponse {
  /** HTTP status, or null when no response came (timeout, connection refused, DNS). */
  readonly status: number | null;
  readonly latencyMs: number;
  /** Why no response came. */
  readonly error?: string;
}

export interface ProbeSample {
  readonly url: string;
  readonly responses: readonly ProbeResponse[];
}

export interface ProbeSource {
  sample(request: ProbeRequest): Promise<ProbeSample>;
}
