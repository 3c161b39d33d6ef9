import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EKS_TOKEN_PREFIX } from '#aws/eks-token';
import { httpsConnector } from '#aws/kubernetes-https';
import { EksKubernetesWorkloads } from '#aws/kubernetes-workloads';
import { EksTargetPlatform } from '#aws/target-platforms';
import { AwsRejectedError, AwsTransientError } from '#core/errors';
import type { EksTarget } from '#plan/types';
import { KubernetesApiStandIn, OTHER_CA, STAND_IN_CA } from '#test/support/kubernetes-api-stand-in';
import { REGION, TG_EKS, TG_VM, testCredentials } from './kit.ts';

const eksMock = mockClient(EKSClient);
const elbMock = mockClient(ElasticLoadBalancingV2Client);
const eks = new EKSClient({ region: REGION, credentials: testCredentials });
const elbv2 = new ElasticLoadBalancingV2Client({ region: REGION, credentials: testCredentials });
const api = new KubernetesApiStandIn();
let endpoint = '';

const DEPLOYMENT = '/apis/apps/v1/namespaces/web/deployments/crawler';
const BINDING = '/apis/elbv2.k8s.aws/v1beta1/namespaces/web/targetgroupbindings/crawler';

const target: EksTarget = {
  name: 'eks',
  platform: 'eks',
  targetGroupArn: TG_EKS,
  targetGroupDimension: 'targetgroup/crawler-eks/fedcba9876543210',
  cluster: 'main',
  nodegroups: [],
  kubernetes: { namespace: 'web', kind: 'Deployment', name: 'crawler', targetGroupBinding: 'crawler' },
};

const deployment = (spec: number, status: Record<string, number>, generation = 4) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'crawler', namespace: 'web', generation },
  spec: { replicas: spec },
  status: { observedGeneration: generation, ...status },
});
const binding = (arn: string, observed: number | null = 2) => ({
  apiVersion: 'elbv2.k8s.aws/v1beta1',
  kind: 'TargetGroupBinding',
  metadata: { name: 'crawler', namespace: 'web', generation: 2 },
  spec: { serviceRef: { name: 'crawler', port: 80 }, targetGroupARN: arn, targetType: 'instance' },
  status: observed === null ? {} : { observedGeneration: observed },
});

const workloads = () =>
  new EksKubernetesWorkloads({
    cluster: 'main',
    region: REGION,
    eks,
    credentials: async () => testCredentials,
    connect: httpsConnector,
  });
const platform = () => new EksTargetPlatform({ target, client: eks, elbv2, kubernetes: workloads() });

beforeAll(async () => {
  endpoint = await api.start();
});
afterAll(async () => {
  await api.stop();
});
beforeEach(() => {
  eksMock.reset();
  elbMock.reset();
  api.objects.clear();
  api.requests.length = 0;
  api.status = undefined;
  eksMock.on(DescribeClusterCommand, { name: 'main' }).resolves({
    cluster: { name: 'main', status: 'ACTIVE', endpoint, certificateAuthority: { data: STAND_IN_CA } },
  });
  elbMock
    .on(DescribeTargetGroupsCommand)
    .resolves({ TargetGroups: [{ TargetGroupArn: TG_EKS, TargetType: 'instance' }] });
});

describe('EKS readiness through the Kubernetes API (local HTTPS stand-in)', () => {
  it('is ready when the rollout is complete, every replica ready and the binding reconciled', async () => {
    // Prepare
    api.objects.set(
      DEPLOYMENT,
      deployment(3, { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }),
    );
    api.objects.set(BINDING, binding(TG_EKS));
    // Act
    const result = await platform().readiness();
    // Assess
    expect(result).toEqual({
      target: 'eks',
      platform: 'eks',
      ready: true,
      reasons: [],
      targetType: 'instance',
    });
    expect(api.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      `GET ${DEPLOYMENT}`,
      `GET ${BINDING}`,
    ]);
  });

  it('refuses a Deployment with 0 ready replicas while the nodes would pass health checks', async () => {
    api.objects.set(DEPLOYMENT, deployment(3, { replicas: 3, updatedReplicas: 3 }));
    api.objects.set(BINDING, binding(TG_EKS));
    const result = await platform().readiness();
    expect(result.ready).toBe(false);
    expect(result.reasons).toEqual(['eks target eks: deployment web/crawler: 0 of 3 replicas ready']);
  });

  it('refuses a rollout in progress and a binding that points elsewhere or is not reconciled', async () => {
    api.objects.set(
      DEPLOYMENT,
      deployment(3, { replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3 }),
    );
    api.objects.set(BINDING, binding(TG_VM, null));
    const result = await platform().readiness();
    expect(result.reasons).toEqual([
      'eks target eks: deployment web/crawler: rollout in progress, 2 of 3 replicas updated',
      `eks target eks: targetgroupbinding web/crawler: points at ${TG_VM}; expected ${TG_EKS} (the plan's targetGroupArn)`,
      'eks target eks: targetgroupbinding web/crawler: not reconciled (generation 2, observed none); check the AWS Load Balancer Controller',
    ]);
  });

  it('says so when the workload does not exist', async () => {
    const result = await platform().readiness();
    expect(result.reasons[0]).toContain('deployment web/crawler: not found');
    expect(result.reasons[1]).toContain('targetgroupbinding web/crawler: not found');
  });

  it('authenticates with an EKS token: a presigned STS GetCallerIdentity URL naming the cluster', async () => {
    api.objects.set(
      DEPLOYMENT,
      deployment(1, { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 }),
    );
    await workloads().workload(target.kubernetes as NonNullable<EksTarget['kubernetes']>);
    const header = api.requests[0]?.authorization ?? '';
    expect(header.startsWith(`Bearer ${EKS_TOKEN_PREFIX}`)).toBe(true);
    const encoded = header.slice(`Bearer ${EKS_TOKEN_PREFIX}`.length);
    expect(encoded).not.toMatch(/[+/=]/);
    const url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
    expect(url.host).toBe(`sts.${REGION}.amazonaws.com`);
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      new RegExp(`^${testCredentials.accessKeyId}/\\d{8}/${REGION}/sts/aws4_request$`),
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('trusts only the CA DescribeCluster returns', async () => {
    eksMock.on(DescribeClusterCommand).resolves({
      cluster: { name: 'main', status: 'ACTIVE', endpoint, certificateAuthority: { data: OTHER_CA } },
    });
    const read = workloads().workload(target.kubernetes as NonNullable<EksTarget['kubernetes']>);
    await expect(read).rejects.toBeInstanceOf(AwsTransientError);
    expect(api.requests).toHaveLength(0);
  });

  it.each([401, 403])('turns %i into AwsRejected with how to grant access', async (status) => {
    api.status = status;
    const read = workloads().workload(target.kubernetes as NonNullable<EksTarget['kubernetes']>);
    await expect(read).rejects.toBeInstanceOf(AwsRejectedError);
    await expect(read).rejects.toThrow('access entry');
  });

  it('turns a 5XX into AwsTransient', async () => {
    api.status = 503;
    const read = workloads().workload(target.kubernetes as NonNullable<EksTarget['kubernetes']>);
    await expect(read).rejects.toBeInstanceOf(AwsTransientError);
  });

  it('scales ahead through the scale subresource, never down', async () => {
    api.objects.set(
      DEPLOYMENT,
      deployment(2, { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }),
    );
    const eksPlatform = platform();
    await expect(eksPlatform.scaleTo(5)).resolves.toMatchObject({ from: 2, to: 5 });
    const patch = api.requests.find((r) => r.method === 'PATCH');
    expect(patch).toMatchObject({ path: `${DEPLOYMENT}/scale`, contentType: 'application/merge-patch+json' });
    expect(JSON.parse(patch?.body ?? '{}')).toEqual({ spec: { replicas: 5 } });
    api.requests.length = 0;
    await expect(eksPlatform.scaleTo(3)).resolves.toMatchObject({ from: 5, to: 5 });
    expect(api.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('counts ready pods as the capacity of NodePort instance targets', async () => {
    api.objects.set(
      DEPLOYMENT,
      deployment(4, { replicas: 4, updatedReplicas: 4, readyReplicas: 2, availableReplicas: 2 }),
    );
    await expect(platform().capacity()).resolves.toEqual({ units: 2, unit: 'pods' });
  });
});
