import { EKS_TOKEN_PREFIX } from '#aws/eks-token';
import type { KubernetesConnector, KubernetesRequest, KubernetesResponse } from '#aws/kubernetes-https';

/** One Deployment or StatefulSet of a simulated cluster. */
export interface SimulatedWorkload {
  readonly cluster: string;
  readonly namespace: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly name: string;
  generation: number;
  /** `spec.replicas`. */
  replicas: number;
  readyReplicas: number;
  /** Replicas on the new revision; below `replicas` while a rollout is in progress. */
  updatedReplicas: number;
  /** Called when something scales the workload through the API (scale ahead). */
  onScale?: (replicas: number) => void;
}

export interface SimulatedBinding {
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
  readonly targetGroupArn: string;
  readonly targetType: 'instance' | 'ip';
}

/** `https://<id>.gr7.<region>.eks.amazonaws.com`, as DescribeCluster returns it. */
export function clusterEndpoint(cluster: string, region: string): string {
  const id = Buffer.from(cluster).toString('hex').toUpperCase().padEnd(32, '0').slice(0, 32);
  return `https://${id}.gr7.${region}.eks.amazonaws.com`;
}

/** A stand-in CA bundle (base64 PEM); the in-process connector checks it was passed, nothing more. */
export const SANDBOX_CLUSTER_CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nc2FuZGJveCBjbHVzdGVyIENB\n-----END CERTIFICATE-----\n',
).toString('base64');

/**
 * The Kubernetes API of the simulated EKS clusters, answered in process at the REST paths the
 * adapter calls (apps/v1 workloads, elbv2.k8s.aws/v1beta1 TargetGroupBindings, the scale
 * subresource). Requests without an EKS token are refused with 401 like an API server would.
 */
export class KubernetesSimulation {
  readonly workloads: SimulatedWorkload[] = [];
  readonly bindings: SimulatedBinding[] = [];
  readonly requests: { readonly cluster: string; readonly method: string; readonly path: string }[] = [];
  readonly #region: string;

  constructor(region: string) {
    this.#region = region;
  }

  readonly connector: KubernetesConnector = (connection) => {
    const cluster = connection.clusterName;
    if (connection.endpoint !== clusterEndpoint(cluster, this.#region)) {
      throw new Error(`sandbox: no Kubernetes API at ${connection.endpoint}`);
    }
    return {
      send: async (request) => {
        this.requests.push({ cluster, method: request.method, path: request.path });
        if (!connection.token.startsWith(EKS_TOKEN_PREFIX) || connection.certificateAuthority === '') {
          return status(401, 'Unauthorized');
        }
        return this.#answer(cluster, request);
      },
    };
  };

  workload(cluster: string, namespace: string, name: string): SimulatedWorkload | undefined {
    return this.workloads.find((w) => w.cluster === cluster && w.namespace === namespace && w.name === name);
  }

  #answer(cluster: string, request: KubernetesRequest): KubernetesResponse {
    const workload = request.path.match(
      /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments|statefulsets)\/([^/]+)(\/scale)?$/,
    );
    if (workload) {
      const [, namespace, plural, name, scale] = workload;
      const kind = plural === 'deployments' ? 'Deployment' : 'StatefulSet';
      const found = this.workloads.find(
        (w) => w.cluster === cluster && w.namespace === namespace && w.name === name && w.kind === kind,
      );
      if (found === undefined) return status(404, `${plural} "${name}" not found`);
      if (scale && request.method === 'PATCH') return this.#scale(found, request.body);
      if (request.method !== 'GET') return status(405, 'method not allowed');
      return { status: 200, body: workloadObject(found) };
    }
    const binding = request.path.match(
      /^\/apis\/elbv2\.k8s\.aws\/v1beta1\/namespaces\/([^/]+)\/targetgroupbindings\/([^/]+)$/,
    );
    if (binding && request.method === 'GET') {
      const [, namespace, name] = binding;
      const found = this.bindings.find(
        (b) => b.cluster === cluster && b.namespace === namespace && b.name === name,
      );
      if (found === undefined) return status(404, `targetgroupbindings.elbv2.k8s.aws "${name}" not found`);
      return { status: 200, body: bindingObject(found) };
    }
    return status(404, 'the server could not find the requested resource');
  }

  #scale(workload: SimulatedWorkload, body: unknown): KubernetesResponse {
    const replicas = (body as { spec?: { replicas?: unknown } } | undefined)?.spec?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      return status(422, 'spec.replicas: Invalid value');
    }
    // New pods start on the current revision: a workload that was rolled out stays rolled out.
    if (workload.updatedReplicas >= workload.replicas) workload.updatedReplicas = replicas;
    workload.replicas = replicas;
    workload.onScale?.(replicas);
    return { status: 200, body: { kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas } } };
  }
}

function status(code: number, message: string): KubernetesResponse {
  return { status: code, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code } };
}

function workloadObject(w: SimulatedWorkload) {
  const ready = Math.min(w.readyReplicas, w.replicas);
  const updated = Math.min(w.updatedReplicas, w.replicas);
  return {
    apiVersion: 'apps/v1',
    kind: w.kind,
    metadata: { name: w.name, namespace: w.namespace, generation: w.generation },
    spec: { replicas: w.replicas },
    status: {
      observedGeneration: w.generation,
      replicas: w.replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(w.kind === 'StatefulSet'
        ? { currentRevision: `${w.name}-${updated < w.replicas ? 1 : 2}`, updateRevision: `${w.name}-2` }
        : {}),
    },
  };
}

function bindingObject(b: SimulatedBinding) {
  return {
    apiVersion: 'elbv2.k8s.aws/v1beta1',
    kind: 'TargetGroupBinding',
    metadata: { name: b.name, namespace: b.namespace, generation: 1 },
    spec: {
      serviceRef: { name: b.name, port: 80 },
      targetGroupARN: b.targetGroupArn,
      targetType: b.targetType,
    },
    status: { observedGeneration: 1 },
  };
}
