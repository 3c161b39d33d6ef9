import { AlbTrafficRouter } from '../aws/alb-traffic-router.ts';
import type { AwsClients } from '../aws/clients.ts';
import { CloudWatchAlarmSource } from '../aws/cloudwatch-alarm-source.ts';
import { CloudWatchMetricsSource } from '../aws/cloudwatch-metrics-source.ts';
import { DynamoDbAuditLog } from '../aws/dynamodb-audit-log.ts';
import { DynamoDbExecutionLedger } from '../aws/dynamodb-execution-ledger.ts';
import { DynamoDbLeaseStore } from '../aws/dynamodb-lease-store.ts';
import { ElbTargetHealthSource } from '../aws/elb-target-health-source.ts';
import { EventBridgeEventSink } from '../aws/eventbridge-event-sink.ts';
import { SfnExecutionStatusSource } from '../aws/sfn-execution-status.ts';
import { createTargetPlatform } from '../aws/target-platforms.ts';
import type { CutoverPorts } from '../core/use-cases/ports.ts';
import type { RouterRef } from '../plan/types.ts';
import type { Clock } from '../ports/clock.ts';
import type { TargetHealthSource } from '../ports/target-health.ts';
import type { TrafficRouter } from '../ports/traffic-router.ts';
import { type CutoverLogger, powertoolsLogger } from './logger.ts';
import { type CutoverMetrics, powertoolsMetrics } from './metrics.ts';

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
}

/** Real adapters behind the ports; one instance per router/region, built on first use. */
export function createCutoverDeps(options: CreateCutoverDepsOptions): CutoverDeps {
  const home = options.clientsFor(options.homeRegion ?? process.env.AWS_REGION ?? 'us-east-1');
  const memo = <T>(build: (router: RouterRef) => T) => {
    const cache = new Map<string, T>();
    return (router: RouterRef): T => {
      let value = cache.get(router.arn);
      if (value === undefined) {
        value = build(router);
        cache.set(router.arn, value);
      }
      return value;
    };
  };
  const healthFor = memo<TargetHealthSource>(
    (router) => new ElbTargetHealthSource({ client: options.clientsFor(router.region).elbv2 }),
  );
  const routerFor = memo<TrafficRouter>(
    (router) =>
      new AlbTrafficRouter({
        client: options.clientsFor(router.region).elbv2,
        router,
        clock: options.clock,
        verifyBudgetSeconds: options.verifyBudgetSeconds ?? 120,
      }),
  );
  return {
    routerFor,
    healthFor,
    platformFor: (router, target) =>
      createTargetPlatform(target, options.clientsFor(router.region), healthFor(router)),
    metricsFor: memo(
      (router) => new CloudWatchMetricsSource({ client: options.clientsFor(router.region).cloudWatch }),
    ),
    alarmsFor: memo(
      (router) => new CloudWatchAlarmSource({ client: options.clientsFor(router.region).cloudWatch }),
    ),
    executions: new SfnExecutionStatusSource({ client: home.sfn }),
    leases: new DynamoDbLeaseStore({ client: home.documents, tableName: options.tableName }),
    ledger: new DynamoDbExecutionLedger({ client: home.documents, tableName: options.tableName }),
    audit: new DynamoDbAuditLog({ client: home.documents, tableName: options.tableName }),
    events: new EventBridgeEventSink({ client: home.eventBridge, eventBusName: options.eventBusName }),
    clock: options.clock,
    logger: options.logger ?? powertoolsLogger(),
    metrics: options.metrics ?? powertoolsMetrics(),
  };
}
