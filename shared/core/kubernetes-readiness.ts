import type { KubernetesWorkloadRef } from '#plan/types';
import type { TargetGroupBindingStatus, WorkloadStatus } from '#ports/kubernetes-workloads';

/**
 * What "ready" means for the pods behind an EKS target, decided purely from what the Kubernetes API
 * reports. Mirrors `kubectl rollout status`: the controller has seen the latest spec, every replica
 * runs the new revision, no old replica is left, and the new ones are available.
 */

export function workloadSubject(ref: KubernetesWorkloadRef): string {
  return `${ref.kind === 'Deployment' ? 'deployment' : 'statefulset'} ${ref.namespace}/${ref.name}`;
}

export function workloadReasons(ref: KubernetesWorkloadRef, status: WorkloadStatus | undefined): string[] {
  const subject = workloadSubject(ref);
  if (status === undefined) {
    return [`${subject}: not found; check targets.*.kubernetes in the plan and that the namespace is right`];
  }
  const reasons: string[] = [];
  const want = status.desiredReplicas;
  if (status.observedGeneration < status.generation) {
    reasons.push(
      `${subject}: rollout not observed yet (generation ${status.generation}, observed ${status.observedGeneration}); wait for the controller`,
    );
  }
  if (want === 0) {
    reasons.push(`${subject}: scaled to 0 replicas; scale it up before moving traffic to it`);
    return reasons;
  }
  if (status.updatedReplicas < want) {
    reasons.push(`${subject}: rollout in progress, ${status.updatedReplicas} of ${want} replicas updated`);
  } else if (status.replicas > status.updatedReplicas) {
    reasons.push(
      `${subject}: rollout in progress, ${status.replicas - status.updatedReplicas} old replicas still running`,
    );
  } else if (status.updateRevision !== undefined && status.currentRevision !== status.updateRevision) {
    reasons.push(`${subject}: rollout in progress, revision ${status.updateRevision} not current yet`);
  }
  if (status.readyReplicas < want) {
    reasons.push(`${subject}: ${status.readyReplicas} of ${want} replicas ready`);
  } else if (status.availableReplicas < want) {
    reasons.push(`${subject}: ${status.availableReplicas} of ${want} replicas available`);
  }
  return reasons;
}

/** The binding must name this target ARN, agree on the target type, and be reconciled. */
export function bindingReasons(
  namespace: string,
  name: string,
  binding: TargetGroupBindingStatus | undefined,
  expected: { readonly targetGroupArn: string; readonly targetType: 'instance' | 'ip' | undefined },
): string[] {
  const subject = `targetgroupbinding ${namespace}/${name}`;
  if (binding === undefined) {
    return [`${subject}: not found; the AWS Load Balancer Controller registers nothing without it`];
  }
  const reasons: string[] = [];
  if (binding.targetGroupArn !== expected.targetGroupArn) {
    reasons.push(
      `${subject}: points at ${binding.targetGroupArn}; expected ${expected.targetGroupArn} (the plan's targetGroupArn)`,
    );
  }
  if (
    binding.targetType !== undefined &&
    expected.targetType !== undefined &&
    binding.targetType !== expected.targetType
  ) {
    reasons.push(
      `${subject}: targetType ${binding.targetType}, but the target group's type is ${expected.targetType}`,
    );
  }
  if (binding.observedGeneration === undefined || binding.observedGeneration < binding.generation) {
    reasons.push(
      `${subject}: not reconciled (generation ${binding.generation}, observed ${binding.observedGeneration ?? 'none'}); check the AWS Load Balancer Controller`,
    );
  }
  return reasons;
}
