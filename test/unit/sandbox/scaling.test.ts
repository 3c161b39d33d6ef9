import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { clusterEndpoint, SANDBOX_CLUSTER_CA } from '#local/sandbox/kubernetes';
import { ECS, LISTENER, REGION, testSandbox, VM } from './fixture.ts';

const MINUTE = 60_000;
const healthyOf = (sandbox: ReturnType<typeof testSandbox>['sandbox'], arn: string) =>
  sandbox.elb.targetGroups.get(arn)?.health.counts(sandbox.clock.now().getTime()).healthy;

describe('sandbox capacity: load beyond what the units serve', () => {
  it('sheds the excess as 5XX and slows down, in proportion to the overload', async () => {
    // Prepare: 3 ecs tasks of 10 rps each (30 rps); 100 rps arrive at the listener.
    const { sandbox, clock } = testSandbox({
      capacity: [{ targetGroupArn: ECS, requestsPerSecondPerUnit: 10, scaleSeconds: 60 }],
    });
    const start = clock.now().getTime();
    sandbox.drift(LISTENER, { [VM]: 80, [ECS]: 20 }); // 20 rps on ecs: within capacity
    await clock.sleep(MINUTE);
    sandbox.drift(LISTENER, { [VM]: 40, [ECS]: 60 }); // 60 rps on ecs: twice its capacity
    await clock.sleep(MINUTE);
    // Act
    const within = sandbox.traffic.minute(ECS, start);
    const over = sandbox.traffic.minute(ECS, start + MINUTE);
    // Assess: half of 60 rps is beyond capacity; latency doubles.
    expect(within.errors / within.requests).toBeLessThan(0.01);
    expect(over.errors / over.requests).toBeGreaterThan(0.4);
    expect(over.errors / over.requests).toBeLessThan(0.6);
    expect((over.p99Ms ?? 0) / (within.p99Ms ?? 1)).toBeGreaterThan(1.8);
  });
});

describe('sandbox scaling takes virtual time', () => {
  const scaled = () =>
    testSandbox({
      capacity: [
        { targetGroupArn: ECS, scaleSeconds: 60, ecsService: { cluster: 'main', service: 'crawler' } },
      ],
    });

  it('serves new ECS tasks only after they start and pass a health check', async () => {
    const { sandbox, clock, clients } = scaled();
    await clients.ecs.send(
      new UpdateServiceCommand({ cluster: 'main', service: 'crawler', desiredCount: 5 }),
    );
    const during = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'main', services: ['crawler'] }),
    );
    expect(during.services?.[0]).toMatchObject({ desiredCount: 5, runningCount: 3 });
    await clock.sleep(59_000);
    expect(healthyOf(sandbox, ECS)).toBe(3);
    await clock.sleep(1_000 + 10_000); // started; one passing check registers a new target healthy
    expect(healthyOf(sandbox, ECS)).toBe(5);
    const after = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'main', services: ['crawler'] }),
    );
    expect(after.services?.[0]).toMatchObject({ desiredCount: 5, runningCount: 5 });
  });

  it('never serves a scale-up after scaleFails, and reports failed tasks', async () => {
    const { sandbox, clock, clients } = scaled();
    sandbox.scaling.failScaling(ECS);
    await clients.ecs.send(
      new UpdateServiceCommand({ cluster: 'main', service: 'crawler', desiredCount: 5 }),
    );
    await clock.sleep(10 * MINUTE);
    expect(healthyOf(sandbox, ECS)).toBe(3);
    const after = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'main', services: ['crawler'] }),
    );
    expect(after.services?.[0]?.runningCount).toBe(3);
    expect(after.services?.[0]?.deployments?.[0]?.failedTasks).toBeGreaterThan(0);
  });
});

describe('sandbox Kubernetes API', () => {
  const withWorkload = () =>
    testSandbox({
      eksClusters: [{ name: 'main', nodegroups: [], ready: true }],
      kubernetes: {
        workloads: [
          {
            cluster: 'main',
            namespace: 'web',
            kind: 'Deployment',
            name: 'crawler',
            generation: 1,
            replicas: 2,
            readyReplicas: 2,
            updatedReplicas: 2,
          },
        ],
        bindings: [],
      },
      capacity: [
        {
          targetGroupArn: ECS,
          scaleSeconds: 30,
          workload: { cluster: 'main', namespace: 'web', name: 'crawler' },
          podsAreTargets: false,
        },
      ],
    });
  const connect = (sandbox: ReturnType<typeof testSandbox>['sandbox'], token: string) =>
    sandbox.kubernetes.connector({
      clusterName: 'main',
      endpoint: clusterEndpoint('main', REGION),
      certificateAuthority: SANDBOX_CLUSTER_CA,
      token,
    });
  const PATH = '/apis/apps/v1/namespaces/web/deployments/crawler';

  it('refuses a request without an EKS token', async () => {
    const { sandbox } = withWorkload();
    const response = await connect(sandbox, 'not-a-token').send({ method: 'GET', path: PATH });
    expect(response.status).toBe(401);
  });

  it('scales through the scale subresource; the new pods are ready only after scaleSeconds', async () => {
    const { sandbox, clock } = withWorkload();
    const api = connect(sandbox, 'k8s-aws-v1.abc');
    const patched = await api.send({
      method: 'PATCH',
      path: `${PATH}/scale`,
      body: { spec: { replicas: 4 } },
    });
    expect(patched.status).toBe(200);
    const read = async () =>
      ((await api.send({ method: 'GET', path: PATH })).body as { status: Record<string, number> }).status;
    expect(await read()).toMatchObject({ replicas: 4, updatedReplicas: 4, readyReplicas: 2 });
    await clock.sleep(30_000);
    expect(await read()).toMatchObject({ readyReplicas: 4, availableReplicas: 4 });
  });
});
