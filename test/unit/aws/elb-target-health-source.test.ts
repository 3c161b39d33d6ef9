import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  TargetGroupNotFoundException,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ElbTargetHealthSource } from '#aws/elb-target-health-source';
import { AwsTransientError, TargetGroupUnavailableError } from '#core/errors';
import { REGION, TG_ECS, testCredentials, throttling } from './kit.ts';

const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const client = new ElasticLoadBalancingV2Client({ region: REGION, credentials: testCredentials });
const target = (id: string, State: string, Reason?: string, Description?: string): TargetHealthDescription =>
  ({
    Target: { Id: id, Port: 80 },
    TargetHealth: { State, ...(Reason ? { Reason } : {}), ...(Description ? { Description } : {}) },
  }) as TargetHealthDescription;

describe('ElbTargetHealthSource', () => {
  beforeEach(() => elbv2.reset());

  it('counts targets by state and keeps distinct reasons of the unhealthy ones', async () => {
    // Prepare
    elbv2.on(DescribeTargetHealthCommand, { TargetGroupArn: TG_ECS }).resolves({
      TargetHealthDescriptions: [
        target('10.0.0.1', 'healthy'),
        target('10.0.0.2', 'healthy'),
        target('10.0.0.3', 'unhealthy', 'Target.FailedHealthChecks', 'Health checks failed'),
        target('10.0.0.4', 'unhealthy', 'Target.FailedHealthChecks', 'Health checks failed'),
        target('10.0.0.5', 'initial', 'Elb.RegistrationInProgress', 'Target registration is in progress'),
        target(
          '10.0.0.6',
          'draining',
          'Target.DeregistrationInProgress',
          'Target deregistration is in progress',
        ),
        target(
          '10.0.0.7',
          'unhealthy.draining',
          'Target.DeregistrationInProgress',
          'Target deregistration is in progress',
        ),
        target('10.0.0.8', 'unused', 'Target.NotInUse', 'Target group is not configured to receive traffic'),
        target('10.0.0.9', 'unavailable', 'Elb.InternalError', 'Health checks disabled'),
      ],
    });
    // Act
    const counts = await new ElbTargetHealthSource({ client }).health(TG_ECS);
    // Assess
    expect(counts).toEqual({
      targetGroupArn: TG_ECS,
      healthy: 2,
      unhealthy: 2,
      initial: 1,
      draining: 2,
      unused: 1,
      unavailable: 1,
      reasons: [
        'Target.FailedHealthChecks: Health checks failed',
        'Elb.RegistrationInProgress: Target registration is in progress',
        'Target.DeregistrationInProgress: Target deregistration is in progress',
        'Target.NotInUse: Target group is not configured to receive traffic',
        'Elb.InternalError: Health checks disabled',
      ],
    });
  });

  it('reports an empty target group as all zero', async () => {
    elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
    const counts = await new ElbTargetHealthSource({ client }).health(TG_ECS);
    expect(counts).toMatchObject({ healthy: 0, unhealthy: 0, reasons: [] });
  });

  it('reports a missing target group as TargetGroupUnavailable', async () => {
    // Prepare
    elbv2
      .on(DescribeTargetHealthCommand)
      .rejects(
        new TargetGroupNotFoundException({ $metadata: {}, message: 'One or more target groups not found' }),
      );
    // Act
    const result = new ElbTargetHealthSource({ client }).health(TG_ECS);
    // Assess
    await expect(result).rejects.toBeInstanceOf(TargetGroupUnavailableError);
    await expect(result).rejects.toThrow(/target group crawler-ecs .*: target group not found/);
  });

  it('surfaces throttling as AwsTransient', async () => {
    elbv2.on(DescribeTargetHealthCommand).rejects(throttling());
    await expect(new ElbTargetHealthSource({ client }).health(TG_ECS)).rejects.toBeInstanceOf(
      AwsTransientError,
    );
  });
});
