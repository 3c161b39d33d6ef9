import { request } from 'node:https';

/**
 * The few Kubernetes REST calls Cutover makes, over HTTPS with the cluster's own CA as the only
 * trust anchor. A small client on purpose: @kubernetes/client-node would bring its whole generated
 * API surface (and its dependencies) into a Lambda bundle for three GETs and one PATCH.
 */

export interface KubernetesRequest {
  readonly method: 'GET' | 'PATCH';
  /** An API path such as `/apis/apps/v1/namespaces/web/deployments/crawler`. */
  readonly path: string;
  readonly body?: unknown;
  /** For PATCH: `application/merge-patch+json`. */
  readonly contentType?: string;
}

export interface KubernetesResponse {
  readonly status: number;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  readonly body: unknown;
}

/** One authenticated connection to one cluster's API server. */
export interface KubernetesTransport {
  send(request: KubernetesRequest): Promise<KubernetesResponse>;
}

/** Where and how to reach a cluster: DescribeCluster's endpoint and CA, and a fresh bearer token. */
export interface KubernetesConnection {
  readonly clusterName: string;
  /** `https://…` */
  readonly endpoint: string;
  /** DescribeCluster's `certificateAuthority.data`: a base64-encoded PEM bundle. */
  readonly certificateAuthority: string;
  readonly token: string;
}

export type KubernetesConnector = (connection: KubernetesConnection) => KubernetesTransport;

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The real transport: node:https, the cluster CA only (never the system store), 10 s per request. */
export const httpsConnector: KubernetesConnector = (connection) => {
  const base = new URL(connection.endpoint);
  if (base.protocol !== 'https:') {
    throw new Error(`eks cluster ${connection.clusterName}: endpoint ${connection.endpoint} is not https`);
  }
  const ca = Buffer.from(connection.certificateAuthority, 'base64');
  return {
    send: (call) =>
      new Promise<KubernetesResponse>((resolve, reject) => {
        const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
        const req = request(
          {
            host: base.hostname,
            port: base.port === '' ? 443 : Number(base.port),
            servername: isIpAddress(base.hostname) ? undefined : base.hostname,
            method: call.method,
            path: `${base.pathname.replace(/\/$/, '')}${call.path}`,
            ca,
            timeout: REQUEST_TIMEOUT_MS,
            headers: {
              authorization: `Bearer ${connection.token}`,
              accept: 'application/json',
              ...(payload === undefined
                ? {}
                : {
                    'content-type': call.contentType ?? 'application/json',
                    'content-length': Buffer.byteLength(payload),
                  }),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > MAX_BODY_BYTES)
                req.destroy(new Error(`response larger than ${MAX_BODY_BYTES} bytes`));
              else chunks.push(chunk);
            });
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks)) }),
            );
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
        req.on('error', reject);
        req.end(payload);
      }),
  };
};

function parseBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}
