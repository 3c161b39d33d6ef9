import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { STSClient } from '@aws-sdk/client-sts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAutoScalingClient } from './auto-scaling-client.ts';
import { createCloudFormationClient } from './cloudformation-client.ts';
import { createCloudWatchClient } from './cloudwatch-client.ts';
import { createDynamoDbClient, documentClientOver } from './dynamodb-client.ts';
import { createEcsClient } from './ecs-client.ts';
import { createEksClient } from './eks-client.ts';
import { createElbv2Client } from './elbv2-client.ts';
import { createEventBridgeClient } from './eventbridge-client.ts';
import { createLambdaClient } from './lambda-client.ts';
import { createSchedulerClient } from './scheduler-client.ts';
import type { ClientOptions } from './sdk-client.ts';
import { createSecretsManagerClient } from './secrets-manager-client.ts';
import { createSfnClient } from './sfn-client.ts';
import { createStsClient } from './sts-client.ts';

export type { ClientOptions, ClientPlugin } from './sdk-client.ts';

/**
 * Every SDK client Cutover uses, built once per process: the CLI, the rehearsal sandbox and tests.
 * The Lambdas never import this module — each builds only the clients its use-case calls, from the
 * per-service factories (`<service>-client.ts`), so its bundle holds only those SDK packages.
 */
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
  /** Lifecycle hooks: Invoke, and the signing secrets of URL hooks. */
  readonly lambda: LambdaClient;
  readonly secretsManager: SecretsManagerClient;
}

export function createAwsClients(options: ClientOptions): AwsClients {
  const dynamoDb = createDynamoDbClient(options);
  return {
    elbv2: createElbv2Client(options),
    ecs: createEcsClient(options),
    eks: createEksClient(options),
    autoScaling: createAutoScalingClient(options),
    cloudWatch: createCloudWatchClient(options),
    dynamoDb,
    documents: documentClientOver(dynamoDb),
    eventBridge: createEventBridgeClient(options),
    sfn: createSfnClient(options),
    scheduler: createSchedulerClient(options),
    sts: createStsClient(options),
    cloudFormation: createCloudFormationClient(options),
    lambda: createLambdaClient(options),
    secretsManager: createSecretsManagerClient(options),
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
