import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../fixtures/kubernetes/', import.meta.url);

/** The stand-in's CA as DescribeCluster returns it: base64 of the PEM. */
export const STAND_IN_CA = readFileSync(new URL('api-server.crt', FIXTURES)).toString('base64');
/** A CA that did not sign the stand-in's certificate. */
export const OTHER_CA = readFileSync(new URL('other-ca.crt', FIXTURES)).toString('base64');

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

/**
 * An in-process Kubernetes API server on 127.0.0.1 over real TLS: answers GET with the objects put
 * in `objects` (by API path), 404 otherwise, and applies merge-patches to `…/scale`. Every request
 * is recorded; `status` forces an HTTP status for every answer (401/403/500 tests).
 */
export class KubernetesApiStandIn {
  readonly objects = new Map<string, Record<string, unknown>>();
  readonly requests: RecordedRequest[] = [];
  status: number | undefined;
  #server: Server | undefined;

  async start(): Promise<string> {
    const server = createServer({
      key: readFileSync(new URL('api-server.key', FIXTURES)),
      cert: readFileSync(new URL('api-server.crt', FIXTURES)),
    });
    server.on('request', (req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const path = req.url ?? '/';
        this.requests.push({
          method: req.method ?? 'GET',
          path,
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          body,
        });
        const [status, answer] = this.#answer(req.method ?? 'GET', path, body);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #answer(method: string, path: string, body: string): [number, unknown] {
    if (this.status !== undefined) {
      return [
        this.status,
        { kind: 'Status', status: 'Failure', message: `forced ${this.status}`, code: this.status },
      ];
    }
    if (method === 'PATCH' && path.endsWith('/scale')) {
      const object = this.objects.get(path.replace(/\/scale$/, ''));
      if (object === undefined) return [404, { kind: 'Status', message: 'not found' }];
      const replicas = (JSON.parse(body) as { spec: { replicas: number } }).spec.replicas;
      (object.spec as Record<string, unknown>).replicas = replicas;
      return [200, { kind: 'Scale', spec: { replicas } }];
    }
    const object = this.objects.get(path);
    if (method !== 'GET' || object === undefined) {
      return [
        404,
        { kind: 'Status', status: 'Failure', reason: 'NotFound', message: `${path} not found`, code: 404 },
      ];
    }
    return [200, object];
  }
}
