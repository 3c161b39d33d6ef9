import type { KubernetesWorkloadRef } from '#plan/types';

/** A Deployment's or StatefulSet's spec and status, as the Kubernetes API reports them. */
export interface WorkloadStatus {
  readonly kind: KubernetesWorkloadRef['kind'];
  readonly namespace: string;
  readonly name: string;
  /** `metadata.generation`: bumped on every spec change. */
  readonly generation: number;
  /** `status.observedGeneration`: the generation the controller has acted on. */
  readonly observedGeneration: number;
  /** `spec.replicas` (Kubernetes defaults it to 1). */
  readonly desiredReplicas: number;
  /** `status.replicas`: pods of every revision, old ones included. */
  readonly replicas: number;
  readonly updatedReplicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
  /** StatefulSet only: `status.currentRevision` / `status.updateRevision` (equal once rolled out). */
  readonly currentRevision?: string;
  readonly updateRevision?: string;
}

/** An AWS Load Balancer Controller TargetGroupBinding (elbv2.k8s.aws/v1beta1). */
export interface TargetGroupBindingStatus {
  readonly namespace: string;
  readonly name: string;
  readonly targetGroupArn: string;
  /** `spec.targetType`; absent when the controller infers it from the target group. */
  readonly targetType?: 'instance' | 'ip';
  readonly serviceName?: string;
  readonly generation: number;
  /** `status.observedGeneration`: absent until the controller has reconciled the binding once. */
  readonly observedGeneration?: number;
}

/**
 * Read access (and, for scale ahead only, the scale subresource) to the workloads of one EKS
 * cluster through the Kubernetes API. `undefined` means the object does not exist.
 */
export interface KubernetesWorkloads {
  workload(ref: KubernetesWorkloadRef): Promise<WorkloadStatus | undefined>;
  targetGroupBinding(namespace: string, name: string): Promise<TargetGroupBindingStatus | undefined>;
  /** Sets `spec.replicas` through the scale subresource. */
  scale(ref: KubernetesWorkloadRef, replicas: number): Promise<void>;
}
