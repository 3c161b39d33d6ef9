import type { AwsClients } from '#aws/clients';
import type { HttpTransport } from '#aws/http-probe';
import type { KubernetesConnector } from '#aws/kubernetes-https';
import type { CutoverPorts } from '#core/use-cases/ports';
import type { Clock } from '#ports/clock';
import type { PortName } from './not-wired.ts';

/** How to build one SDK client of a kind for a region (a per-service factory in shared/aws). */
export type ClientFactory<K extends keyof AwsClients> = (options: {
  readonly region: string;
}) => AwsClients[K];

/**
 * What every per-port builder gets. `client` hands out one SDK client per kind and region: a Lambda
 * builds it with the factory the builder names (so its bundle holds only those SDK packages); the CLI,
 * the local executor and the rehearsal take it from their own set of clients (real or sandbox).
 */
export interface WiringContext {
  client<K extends keyof AwsClients>(kind: K, region: string, create: ClientFactory<K>): AwsClients[K];
  /** Region of the table, the event bus and the state machine. */
  readonly homeRegion: string;
  readonly tableName: string;
  readonly eventBusName: string;
  readonly clock: Clock;
  /** Read-back budget of router writes. */
  readonly verifyBudgetSeconds?: number;
  /** How EKS workload readiness reaches a cluster's Kubernetes API. Default HTTPS. */
  readonly kubernetesConnector?: KubernetesConnector;
  /** How the synthetic probe sends its requests. Default Node's fetch; the sandbox routes them through its ALB. */
  readonly probeTransport?: HttpTransport;
}

/** Builds one port from the context; every runtime's composition root is made of these. */
export type PortBuilder<P extends PortName> = (context: WiringContext) => CutoverPorts[P];
export type PortBuilders = { readonly [P in PortName]?: PortBuilder<P> };

type Settings = Omit<WiringContext, 'client'>;

/** Clients a function builds its own way, per region (e.g. ELBv2 behind the shared API budget). */
export type ClientOverrides = { readonly [K in keyof AwsClients]?: (region: string) => AwsClients[K] };

/**
 * A Lambda's clients: built on first use with the builder's factory (or the function's override),
 * one per kind and region.
 */
export function lazyClientContext(settings: Settings, overrides: ClientOverrides = {}): WiringContext {
  const cache = new Map<string, unknown>();
  return {
    ...settings,
    client(kind, region, create) {
      const key = `${kind}@${region}`;
      if (!cache.has(key)) {
        const override = overrides[kind] as ((region: string) => AwsClients[typeof kind]) | undefined;
        cache.set(key, override ? override(region) : create({ region }));
      }
      return cache.get(key) as AwsClients[typeof kind];
    },
  };
}

/** Clients from a ready set per region (CLI, local executor, sandbox): the factory is not used. */
export function clientSetContext(
  clientsFor: (region: string) => AwsClients,
  settings: Settings,
): WiringContext {
  return { ...settings, client: (kind, region) => clientsFor(region)[kind] };
}

/** Builds the ports `builders` name; the rest are left out (lambdaDeps marks them not wired). */
export function buildPorts(
  builders: PortBuilders,
  context: WiringContext,
): Partial<Omit<CutoverPorts, 'clock'>> {
  const ports: Record<string, unknown> = {};
  for (const [name, build] of Object.entries(builders)) {
    if (build) ports[name] = (build as (context: WiringContext) => unknown)(context);
  }
  return ports as Partial<Omit<CutoverPorts, 'clock'>>;
}
