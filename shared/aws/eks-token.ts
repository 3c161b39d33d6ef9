import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Checksum, SourceData } from '@smithy/types';

/**
 * An EKS bearer token, minted the way `aws eks get-token` does: a presigned STS GetCallerIdentity
 * URL that carries the cluster name in the signed `x-k8s-aws-id` header, base64url-encoded behind
 * `k8s-aws-v1.`. The API server's authenticator replays the URL to STS to learn who is calling.
 * Minted per invocation and never stored or logged: it is a credential for as long as it lives.
 */

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** The presigned URL's lifetime; EKS caps a token at 15 minutes whatever the URL says. */
const URL_EXPIRES_SECONDS = 60;

export interface EksTokenRequest {
  readonly clusterName: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | (() => Promise<AwsCredentialIdentity>);
  /** Signing time; the real clock outside tests. */
  readonly now?: Date;
}

export async function mintEksToken(request: EksTokenRequest): Promise<string> {
  const hostname = `sts.${request.region}.amazonaws.com`;
  const signer = new SignatureV4({
    service: 'sts',
    region: request.region,
    credentials: request.credentials,
    sha256: NodeSha256,
    uriEscapePath: true,
  });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': request.clusterName },
    },
    { expiresIn: URL_EXPIRES_SECONDS, ...(request.now ? { signingDate: request.now } : {}) },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([key, value]) => `${encode(key)}=${encode(String(value))}`)
    .join('&');
  return EKS_TOKEN_PREFIX + Buffer.from(`https://${hostname}/?${query}`).toString('base64url');
}

/** RFC 3986 encoding, as SigV4 canonicalizes query values. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** SHA-256 / HMAC-SHA-256 over node:crypto, the shape @smithy/signature-v4 expects. */
class NodeSha256 implements Checksum {
  readonly #secret: SourceData | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = this.#fresh();
  }

  update(data: SourceData): void {
    this.#hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#fresh();
  }

  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.#secret));
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
