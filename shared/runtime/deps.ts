import { AwsHookRunner } from '#aws/aws-hook-runner';
import type { AwsClients } from '#aws/clients';
import type { HttpTransport } from '#aws/http-probe';
import type { Fetch } from '#aws/https-hook-caller';
import type { KubernetesConnector } from '#aws/kubernetes-https';
import type { CutoverPorts } from '#core/use-cases/ports';
import type { Clock } from '#ports/clock';
import { type CutoverLogger, powertoolsLogger } from './logger.ts';
import { type CutoverMetrics, powertoolsMetrics } from './metrics.ts';
import { ALL_PORTS } from './ports/all.ts';
import { VERIFY_BUDGET_SECONDS } from './wiring/router-ports.ts';
import { buildPorts, clientSetContext } from './wiring/wiring-context.ts';

/**
 * Everything the handlers need, built once per Lambda container (real adapters), per rehearsal
 * (the same adapters over sandbox clients) or per test (in-memory fakes with the same shape).
 */
export interface CutoverDeps extends CutoverPorts {
  readonly logger: CutoverLogger;
  readonly metrics: CutoverMetrics;
}

export interface CreateCutoverDepsOptions {
  /** SDK clients for a region (cached by the caller or here); router-side clients use the router's region. */
  clientsFor(region: string): AwsClients;
  readonly tableName: string;
  readonly eventBusName: string;
  readonly clock: Clock;
  /** Region of the table, the event bus and the state machine (the Lambda's own). Default AWS_REGION. */
  readonly homeRegion?: string;
  readonly logger?: CutoverLogger;
  readonly metrics?: CutoverMetrics;
  /** Read-back budget of router writes. Default 120 s. */
  readonly verifyBudgetSeconds?: number;
  /** How EKS workload readiness reaches a cluster's Kubernetes API. Default HTTPS. */
  readonly kubernetesConnector?: KubernetesConnector;
  /** How the synthetic probe sends its requests. Default Node's fetch; the sandbox routes them through its ALB. */
  readonly probeTransport?: HttpTransport;
  /** What URL hooks are POSTed with. Default the global fetch (a rehearsal answers them itself). */
  readonly fetch?: Fetch;
}

/**
 * Every port over real adapters, for whoever runs every function in one process: the local
 * executor, the rehearsal and tests. (A Lambda wires only its own ports: ./lambda-deps.ts.)
 * One adapter instance per router, built on first use.
 */
export function createCutoverDeps(options: CreateCutoverDepsOptions): CutoverDeps {
  const context = clientSetContext(options.clientsFor, {
    homeRegion: options.homeRegion ?? process.env.AWS_REGION ?? 'us-east-1',
    tableName: options.tableName,
    eventBusName: options.eventBusName,
    clock: options.clock,
    verifyBudgetSeconds: options.verifyBudgetSeconds ?? VERIFY_BUDGET_SECONDS,
    ...(options.kubernetesConnector ? { kubernetesConnector: options.kubernetesConnector } : {}),
    ...(options.probeTransport ? { probeTransport: options.probeTransport } : {}),
  });
  return {
    ...(buildPorts(ALL_PORTS, context) as Omit<CutoverPorts, 'clock'>),
    clock: options.clock,
    hooks: new AwsHookRunner({
      lambdaFor: (region) => options.clientsFor(region).lambda,
      secretsFor: (region) => options.clientsFor(region).secretsManager,
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      clock: options.clock,
    }),
    logger: options.logger ?? powertoolsLogger(),
    metrics: options.metrics ?? powertoolsMetrics(),
  };
}
