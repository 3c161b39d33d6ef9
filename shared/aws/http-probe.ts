import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ProbeRequest, ProbeResponse, ProbeSample, ProbeSource } from '#ports/probe-source';
import { toCutoverError } from './aws-errors.ts';

/** Sends one HTTP request and reports what came back; never throws for a failed request. */
export type HttpTransport = (request: {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}) => Promise<ProbeResponse>;

/** The real transport: Node's fetch, timed from send to the end of the body. */
export const fetchTransport: HttpTransport = async ({ url, headers, timeoutMs }) => {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return { status: response.status, latencyMs: performance.now() - started };
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { status: null, latencyMs: performance.now() - started, error };
  }
};

export interface HttpProbeSourceOptions {
  /** Reads the listener and its load balancer, to build the probe's URL. */
  readonly client: ElasticLoadBalancingV2Client;
  readonly transport?: HttpTransport;
}

/**
 * The synthetic probe over HTTP(S): the load balancer's DNS name with the listener's protocol and
 * port (read once per listener and kept), or the plan's `baseUrl`; a burst of requests in parallel,
 * each carrying the test-route header so the ALB sends it only to the destination. Run it where the
 * load balancer is reachable: in the VPC for an internal ALB.
 */
export class HttpProbeSource implements ProbeSource {
  readonly #client: ElasticLoadBalancingV2Client;
  readonly #transport: HttpTransport;
  readonly #origins = new Map<string, string>();

  constructor(options: HttpProbeSourceOptions) {
    this.#client = options.client;
    this.#transport = options.transport ?? fetchTransport;
  }

  async sample(request: ProbeRequest): Promise<ProbeSample> {
    const origin = request.baseUrl ?? (await this.#origin(request.listenerArn));
    const url = `${origin}${request.path}`;
    const headers = { [request.header]: request.value, 'user-agent': 'cutover-probe' };
    const responses = await Promise.all(
      Array.from({ length: request.requests }, () =>
        this.#transport({ url, headers, timeoutMs: request.timeoutMs }),
      ),
    );
    return { url, responses };
  }

  async #origin(listenerArn: string): Promise<string> {
    const known = this.#origins.get(listenerArn);
    if (known !== undefined) return known;
    try {
      const listeners = await this.#client.send(
        new DescribeListenersCommand({ ListenerArns: [listenerArn] }),
      );
      const listener = listeners.Listeners?.[0];
      const balancers = await this.#client.send(
        new DescribeLoadBalancersCommand({ LoadBalancerArns: [listener?.LoadBalancerArn ?? ''] }),
      );
      const dns = balancers.LoadBalancers?.[0]?.DNSName;
      if (!listener || !dns) throw new Error(`listener ${listenerArn}: no load balancer DNS name found`);
      const scheme = listener.Protocol === 'HTTPS' ? 'https' : 'http';
      const standard = scheme === 'https' ? 443 : 80;
      const port = listener.Port === undefined || listener.Port === standard ? '' : `:${listener.Port}`;
      const origin = `${scheme}://${dns}${port}`;
      this.#origins.set(listenerArn, origin);
      return origin;
    } catch (err) {
      throw toCutoverError(err, `probe address of listener ${listenerArn}`);
    }
  }
}
