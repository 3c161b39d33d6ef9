import type { ResolvedPlan, Target } from '#plan/types';
import type { Sandbox } from '../sandbox/index.ts';
import type { ScenarioFault } from '../scenario/scenario.ts';

type WorkloadFault = Extract<
  ScenarioFault,
  { kind: 'deploymentReplicas' | 'rolloutInProgress' | 'scaleFails' }
>;

/** The issue-15 fault kinds: Kubernetes replicas, rollouts in progress, scale-ups that never start. */
export function applyWorkloadFault(fault: WorkloadFault, plan: ResolvedPlan, sandbox: Sandbox): void {
  const target = plan.targets[fault.target];
  if (target === undefined) return;
  switch (fault.kind) {
    case 'deploymentReplicas':
      setReplicas(sandbox, target, fault);
      return;
    case 'rolloutInProgress':
      setRollout(sandbox, target, true);
      if (fault.forSeconds !== undefined) {
        const at = sandbox.clock.now().getTime() + fault.forSeconds * 1000;
        sandbox.clock.schedule(at, `sandbox: ${target.name} rollout complete`, () =>
          setRollout(sandbox, target, false),
        );
      }
      return;
    case 'scaleFails':
      sandbox.scaling.failScaling(target.targetGroupArn);
      return;
  }
}

function setReplicas(sandbox: Sandbox, target: Target, fault: { ready?: number; replicas?: number }): void {
  if (target.platform !== 'eks' || target.kubernetes === undefined) return;
  const workload = sandbox.kubernetes.workload(
    target.cluster,
    target.kubernetes.namespace,
    target.kubernetes.name,
  );
  if (workload === undefined) return;
  if (fault.replicas !== undefined) {
    workload.replicas = fault.replicas;
    workload.updatedReplicas = Math.min(workload.updatedReplicas, fault.replicas);
  }
  if (fault.ready !== undefined) workload.readyReplicas = fault.ready;
  // Behind IP targets the pods are the registered targets: ready pods are the ones passing checks.
  const group = sandbox.elb.targetGroups.get(target.targetGroupArn);
  if (group?.targetType === 'ip')
    sandbox.setTargetGroup(target.targetGroupArn, { healthyTargets: workload.readyReplicas });
}

function setRollout(sandbox: Sandbox, target: Target, inProgress: boolean): void {
  switch (target.platform) {
    case 'ecs':
      for (const service of sandbox.platforms.ecsServices) {
        if (service.cluster === target.cluster && service.service === target.service)
          service.rolloutInProgress = inProgress;
      }
      return;
    case 'ec2':
      for (const group of sandbox.platforms.autoScalingGroups) {
        if (group.name === target.autoScalingGroup) group.refreshInProgress = inProgress;
      }
      return;
    case 'eks': {
      const ref = target.kubernetes;
      const workload = ref && sandbox.kubernetes.workload(target.cluster, ref.namespace, ref.name);
      if (workload === undefined) return;
      // A new revision: the controller has seen it, but one replica has yet to move to it.
      if (inProgress) {
        workload.generation += 1;
        workload.updatedReplicas = Math.max(0, workload.replicas - 1);
      } else {
        workload.updatedReplicas = workload.replicas;
      }
      return;
    }
  }
}
