import { DescribeClusterCommand, type EKSClient } from '@aws-sdk/client-eks';
import type { AwsCredentialIdentity } from '@smithy/types';
import { AwsRejectedError, AwsTransientError, ConfigurationError } from '#core/errors';
import { workloadSubject } from '#core/kubernetes-readiness';
import type { KubernetesWorkloadRef } from '#plan/types';
import type {
  KubernetesWorkloads,
  TargetGroupBindingStatus,
  WorkloadStatus,
} from '#ports/kubernetes-workloads';
import { toCutoverError } from './aws-errors.ts';
import { mintEksToken } from './eks-token.ts';
import type { KubernetesConnector, KubernetesResponse, KubernetesTransport } from './kubernetes-https.ts';

/**
 * Kubernetes workloads of one EKS cluster, read through the documented REST paths
 * (apps/v1 Deployments and StatefulSets, elbv2.k8s.aws/v1beta1 TargetGroupBindings). The endpoint
 * and CA come from DescribeCluster; the bearer token is minted for this adapter instance only.
 */
export class EksKubernetesWorkloads implements KubernetesWorkloads {
  readonly #cluster: string;
  readonly #region: string;
  readonly #eks: EKSClient;
  readonly #credentials: () => Promise<AwsCredentialIdentity>;
  readonly #connect: KubernetesConnector;
  #transport: Promise<KubernetesTransport> | undefined;

  constructor(options: {
    cluster: string;
    region: string;
    eks: EKSClient;
    credentials: () => Promise<AwsCredentialIdentity>;
    connect: KubernetesConnector;
  }) {
    this.#cluster = options.cluster;
    this.#region = options.region;
    this.#eks = options.eks;
    this.#credentials = options.credentials;
    this.#connect = options.connect;
  }

  async workload(ref: KubernetesWorkloadRef): Promise<WorkloadStatus | undefined> {
    const body = await this.#get(workloadPath(ref), workloadSubject(ref));
    return body === undefined ? undefined : toWorkloadStatus(ref, body);
  }

  async targetGroupBinding(namespace: string, name: string): Promise<TargetGroupBindingStatus | undefined> {
    const path = `/apis/elbv2.k8s.aws/v1beta1/namespaces/${namespace}/targetgroupbindings/${name}`;
    const body = await this.#get(path, `targetgroupbinding ${namespace}/${name}`);
    return body === undefined ? undefined : toBindingStatus(namespace, name, body);
  }

  async scale(ref: KubernetesWorkloadRef, replicas: number): Promise<void> {
    const subject = workloadSubject(ref);
    const response = await this.#send(subject, {
      method: 'PATCH',
      path: `${workloadPath(ref)}/scale`,
      body: { spec: { replicas } },
      contentType: 'application/merge-patch+json',
    });
    if (response.status >= 300) throw this.#failure(subject, response);
  }

  async #get(path: string, subject: string): Promise<Record<string, unknown> | undefined> {
    const response = await this.#send(subject, { method: 'GET', path });
    if (response.status === 404) return undefined;
    if (response.status >= 300 || typeof response.body !== 'object' || response.body === null) {
      throw this.#failure(subject, response);
    }
    return response.body as Record<string, unknown>;
  }

  async #send(
    subject: string,
    call: Parameters<KubernetesTransport['send']>[0],
  ): Promise<KubernetesResponse> {
    const transport = await this.#connection();
    try {
      return await transport.send(call);
    } catch (err) {
      throw new AwsTransientError(
        `eks cluster ${this.#cluster}: Kubernetes API unreachable for ${subject} (${(err as Error).message}); ` +
          'a private endpoint needs the Lambdas in the cluster VPC (the construct takes `vpc`)',
        { cause: err },
      );
    }
  }

  #connection(): Promise<KubernetesTransport> {
    this.#transport ??= this.#open();
    return this.#transport;
  }

  async #open(): Promise<KubernetesTransport> {
    const subject = `eks cluster ${this.#cluster}`;
    let cluster: { endpoint?: string; certificateAuthority?: { data?: string } } | undefined;
    try {
      cluster = (await this.#eks.send(new DescribeClusterCommand({ name: this.#cluster }))).cluster;
    } catch (err) {
      this.#transport = undefined;
      throw toCutoverError(err, subject);
    }
    const endpoint = cluster?.endpoint;
    const certificateAuthority = cluster?.certificateAuthority?.data;
    if (!endpoint || !certificateAuthority) {
      this.#transport = undefined;
      throw new ConfigurationError(
        `${subject}: DescribeCluster returned no endpoint or CA; is it still creating?`,
      );
    }
    const token = await mintEksToken({
      clusterName: this.#cluster,
      region: this.#region,
      credentials: this.#credentials,
    });
    return this.#connect({ clusterName: this.#cluster, endpoint, certificateAuthority, token });
  }

  #failure(subject: string, response: KubernetesResponse): Error {
    const message = statusMessage(response);
    if (response.status === 401 || response.status === 403) {
      return new AwsRejectedError(
        `${subject}: Kubernetes API answered ${response.status} (${message}); give the Cutover role an EKS access ` +
          `entry on cluster ${this.#cluster} with AmazonEKSViewPolicy for this namespace (README: Kubernetes access)`,
      );
    }
    if (response.status === 429 || response.status >= 500) {
      return new AwsTransientError(
        `${subject}: Kubernetes API answered ${response.status} (${message}); retry later`,
      );
    }
    return new AwsRejectedError(`${subject}: Kubernetes API answered ${response.status} (${message})`);
  }
}

function workloadPath(ref: KubernetesWorkloadRef): string {
  const plural = ref.kind === 'Deployment' ? 'deployments' : 'statefulsets';
  return `/apis/apps/v1/namespaces/${ref.namespace}/${plural}/${ref.name}`;
}

function statusMessage(response: KubernetesResponse): string {
  const body = response.body as { message?: unknown } | string;
  if (typeof body === 'string') return body.slice(0, 200) || 'no body';
  return typeof body?.message === 'string' ? body.message : 'no message';
}

type Json = Record<string, unknown>;
const objectAt = (value: unknown): Json =>
  typeof value === 'object' && value !== null ? (value as Json) : {};
const numberAt = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
const stringAt = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Kubernetes omits zero counters from `status`, so a missing count is 0; `spec.replicas` defaults to 1. */
function toWorkloadStatus(ref: KubernetesWorkloadRef, body: Json): WorkloadStatus {
  const metadata = objectAt(body.metadata);
  const spec = objectAt(body.spec);
  const status = objectAt(body.status);
  const currentRevision = stringAt(status.currentRevision);
  const updateRevision = stringAt(status.updateRevision);
  return {
    kind: ref.kind,
    namespace: ref.namespace,
    name: ref.name,
    generation: numberAt(metadata.generation, 0),
    observedGeneration: numberAt(status.observedGeneration, 0),
    desiredReplicas: numberAt(spec.replicas, 1),
    replicas: numberAt(status.replicas, 0),
    updatedReplicas: numberAt(status.updatedReplicas, 0),
    readyReplicas: numberAt(status.readyReplicas, 0),
    availableReplicas: numberAt(status.availableReplicas, 0),
    ...(ref.kind === 'StatefulSet' && currentRevision !== undefined ? { currentRevision } : {}),
    ...(ref.kind === 'StatefulSet' && updateRevision !== undefined ? { updateRevision } : {}),
  };
}

function toBindingStatus(namespace: string, name: string, body: Json): TargetGroupBindingStatus {
  const spec = objectAt(body.spec);
  const status = objectAt(body.status);
  const targetType = stringAt(spec.targetType);
  const serviceName = stringAt(objectAt(spec.serviceRef).name);
  const observed = status.observedGeneration;
  return {
    namespace,
    name,
    targetGroupArn: stringAt(spec.targetGroupARN) ?? '',
    ...(targetType === 'instance' || targetType === 'ip' ? { targetType } : {}),
    ...(serviceName === undefined ? {} : { serviceName }),
    generation: numberAt(objectAt(body.metadata).generation, 0),
    ...(typeof observed === 'number' ? { observedGeneration: observed } : {}),
  };
}
