import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EKSClient } from '@aws-sdk/client-eks';
import {
  ElasticLoadBalancingV2Client,
  type ElasticLoadBalancingV2ClientConfig,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Every SDK client Cutover uses, built once per process (module scope in a Lambda). */
export interface AwsClients {
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly ecs: ECSClient;
  readonly eks: EKSClient;
  readonly autoScaling: AutoScalingClient;
  readonly cloudWatch: CloudWatchClient;
  readonly dynamoDb: DynamoDBClient;
  /** Document client over `dynamoDb` (marshalling only; the base client carries middleware). */
  readonly documents: DynamoDBDocumentClient;
  readonly eventBridge: EventBridgeClient;
  readonly sfn: SFNClient;
  readonly scheduler: SchedulerClient;
  readonly sts: STSClient;
  readonly cloudFormation: CloudFormationClient;
}

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

export function createAwsClients(options: ClientOptions): AwsClients {
  const config = {
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
  const withPlugins = <C extends { middlewareStack: unknown }>(client: C): C => {
    for (const plugin of options.plugins ?? []) plugin.applyToStack(client.middlewareStack);
    return client;
  };
  const dynamoDb = withPlugins(new DynamoDBClient(config));
  return {
    elbv2: withPlugins(new ElasticLoadBalancingV2Client(config)),
    ecs: withPlugins(new ECSClient(config)),
    eks: withPlugins(new EKSClient(config)),
    autoScaling: withPlugins(new AutoScalingClient(config)),
    cloudWatch: withPlugins(new CloudWatchClient(config)),
    dynamoDb,
    documents: DynamoDBDocumentClient.from(dynamoDb, { marshallOptions: { removeUndefinedValues: true } }),
    eventBridge: withPlugins(new EventBridgeClient(config)),
    sfn: withPlugins(new SFNClient(config)),
    scheduler: withPlugins(new SchedulerClient(config)),
    sts: withPlugins(new STSClient(config)),
    cloudFormation: withPlugins(new CloudFormationClient(config)),
  };
}

/**
 * One AwsClients per region, built on first use and kept (module scope in a Lambda). The region
 * comes from the router ARN (`regionOfArn` in ./arns.ts), never from the environment's default.
 */
export function clientsByRegion(options: Omit<ClientOptions, 'region'> = {}): (region: string) => AwsClients {
  const cache = new Map<string, AwsClients>();
  return (region) => {
    let clients = cache.get(region);
    if (!clients) {
      clients = createAwsClients({ ...options, region });
      cache.set(region, clients);
    }
    return clients;
  };
}
