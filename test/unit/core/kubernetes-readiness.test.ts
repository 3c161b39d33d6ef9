import { describe, expect, it } from 'vitest';
import { bindingReasons, workloadReasons } from '#core/kubernetes-readiness';
import type { KubernetesWorkloadRef } from '#plan/types';
import type { WorkloadStatus } from '#ports/kubernetes-workloads';

const deployment: KubernetesWorkloadRef = { namespace: 'web', kind: 'Deployment', name: 'crawler' };
const statefulSet: KubernetesWorkloadRef = { namespace: 'web', kind: 'StatefulSet', name: 'db' };
const steady = (over: Partial<WorkloadStatus> = {}): WorkloadStatus => ({
  kind: 'Deployment',
  namespace: 'web',
  name: 'crawler',
  generation: 3,
  observedGeneration: 3,
  desiredReplicas: 3,
  replicas: 3,
  updatedReplicas: 3,
  readyReplicas: 3,
  availableReplicas: 3,
  ...over,
});

describe('workloadReasons', () => {
  it.each([
    { case: 'a complete rollout', status: steady(), reasons: [] },
    {
      case: 'a spec the controller has not seen',
      status: steady({ generation: 4 }),
      reasons: [
        'deployment web/crawler: rollout not observed yet (generation 4, observed 3); wait for the controller',
      ],
    },
    {
      case: 'old replicas still running',
      status: steady({ replicas: 5 }),
      reasons: ['deployment web/crawler: rollout in progress, 2 old replicas still running'],
    },
    {
      case: 'updated but not yet available',
      status: steady({ availableReplicas: 2 }),
      reasons: ['deployment web/crawler: 2 of 3 replicas available'],
    },
    {
      case: 'scaled to zero',
      status: steady({
        desiredReplicas: 0,
        replicas: 0,
        updatedReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
      }),
      reasons: ['deployment web/crawler: scaled to 0 replicas; scale it up before moving traffic to it'],
    },
  ])('$case', ({ status, reasons }) => {
    expect(workloadReasons(deployment, status)).toEqual(reasons);
  });

  it('waits for a StatefulSet whose update revision is not current yet', () => {
    const status = steady({
      kind: 'StatefulSet',
      name: 'db',
      currentRevision: 'db-1',
      updateRevision: 'db-2',
    });
    expect(workloadReasons(statefulSet, status)).toEqual([
      'statefulset web/db: rollout in progress, revision db-2 not current yet',
    ]);
  });
});

describe('bindingReasons', () => {
  const expected = { targetGroupArn: 'arn:tg/a', targetType: 'ip' as const };
  it('accepts a reconciled binding to the same target group', () => {
    expect(
      bindingReasons(
        'web',
        'b',
        { namespace: 'web', name: 'b', targetGroupArn: 'arn:tg/a', generation: 1, observedGeneration: 1 },
        expected,
      ),
    ).toEqual([]);
  });
  it('names a target type that disagrees with the target group', () => {
    const reasons = bindingReasons(
      'web',
      'b',
      {
        namespace: 'web',
        name: 'b',
        targetGroupArn: 'arn:tg/a',
        targetType: 'instance',
        generation: 1,
        observedGeneration: 1,
      },
      expected,
    );
    expect(reasons).toEqual([
      "targetgroupbinding web/b: targetType instance, but the target group's type is ip",
    ]);
  });
});
