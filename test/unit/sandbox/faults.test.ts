import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { ECS, LISTENER, testSandbox, VM } from './fixture.ts';

const write = () =>
  new ModifyListenerCommand({
    ListenerArn: LISTENER,
    DefaultActions: [
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: VM, Weight: 90 },
            { TargetGroupArn: ECS, Weight: 10 },
          ],
        },
      },
    ],
  });

describe('sandbox faults and the SDK retry loop', () => {
  it('a ThrottlingException is retried by the SDK itself, with backoff on the virtual clock', async () => {
    // Prepare
    const { clients, clock, sandbox } = testSandbox();
    sandbox.injectApiErrors('ModifyListener', 'ThrottlingException', 3);
    // Act
    const out = await clients.elbv2.send(write());
    // Assess
    expect(out.$metadata.attempts).toBe(4);
    expect(sandbox.apiCalls()).toEqual({ ModifyListener: 4 });
    expect(sandbox.retries.map((r) => r.errorType)).toEqual(['THROTTLING', 'THROTTLING', 'THROTTLING']);
    expect(clock.elapsedMs()).toBe(sandbox.retries.reduce((sum, r) => sum + r.delayMs, 0));
    expect(sandbox.elb.albWeightsOf(LISTENER)).toEqual({ [VM]: 90, [ECS]: 10 });
  });

  it('gives up after the client’s max attempts and surfaces the throttling error', async () => {
    const { clients, sandbox } = testSandbox();
    sandbox.injectApiErrors('ModifyListener', 'ThrottlingException', 10);
    await expect(clients.elbv2.send(write())).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { attempts: 5 },
    });
    expect(sandbox.elb.albWeightsOf(LISTENER)).toEqual({ [VM]: 100, [ECS]: 0 });
  });

  it('does not retry AccessDenied', async () => {
    const { clients, sandbox } = testSandbox();
    sandbox.injectApiErrors('DescribeListeners', 'AccessDenied', 1);
    await expect(
      clients.elbv2.send(new DescribeListenersCommand({ ListenerArns: [LISTENER] })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403, attempts: 1 },
    });
    expect(sandbox.apiCalls()).toEqual({ DescribeListeners: 1 });
  });

  it('retries a 503 ServiceUnavailable as transient', async () => {
    const { clients, sandbox } = testSandbox();
    sandbox.injectApiErrors('DescribeListeners', 'ServiceUnavailable', 2);
    const out = await clients.elbv2.send(new DescribeListenersCommand({ ListenerArns: [LISTENER] }));
    expect(out.$metadata.attempts).toBe(3);
    expect(sandbox.retries.map((r) => r.errorType)).toEqual(['TRANSIENT', 'TRANSIENT']);
  });

  it('a deleted target group is gone for ELBv2: described, health and writes naming it fail', async () => {
    // Prepare
    const { clients, sandbox } = testSandbox();
    // Act
    sandbox.deleteTargetGroup(VM);
    // Assess
    await expect(
      clients.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [VM] })),
    ).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
    await expect(
      clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: VM })),
    ).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
    await expect(clients.elbv2.send(write())).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
    expect(() => sandbox.deleteTargetGroup(VM)).toThrow(/no target group/);
  });

  it('a deleted target group fails the requests after its deletion, not the minutes already served', async () => {
    // Prepare: VM serves all traffic with a 0.1% error rate for two minutes
    const { clock, sandbox } = testSandbox();
    await clock.sleep(120_000);
    const minuteStart = clock.now().getTime() - 60_000;
    // Act: the group is deleted; the minute before is read only afterwards (metrics arrive late)
    sandbox.deleteTargetGroup(VM);
    await clock.sleep(90_000);
    const before = sandbox.traffic.minute(VM, minuteStart);
    const after = sandbox.traffic.minute(VM, minuteStart + 60_000);
    // Assess
    expect(before.requests).toBeGreaterThan(5_000);
    expect(before.errors).toBeLessThan(before.requests * 0.01);
    expect(after.errors).toBeGreaterThan(after.requests * 0.95);
  });

  it('says which commands it simulates when asked for another', async () => {
    const { clients } = testSandbox();
    await expect(
      clients.ecs.send(new DescribeServicesCommand({ cluster: 'main', services: ['crawler'] })),
    ).resolves.toMatchObject({
      services: [{ serviceName: 'crawler', runningCount: 3, deployments: [{ rolloutState: 'COMPLETED' }] }],
    });
    const { ListClustersCommand } = await import('@aws-sdk/client-ecs');
    await expect(clients.ecs.send(new ListClustersCommand({}))).rejects.toMatchObject({
      message: /ListClusters is not simulated/,
    });
  });

  it('records EventBridge events and rejects entries for a bus that does not exist', async () => {
    const { clients, sandbox } = testSandbox();
    const out = await clients.eventBridge.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'cutover', DetailType: 'Cutover Started', Detail: JSON.stringify({ planName: 'p' }) },
          { Source: 'cutover', DetailType: 'Cutover Started', Detail: '{}', EventBusName: 'missing' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(1);
    expect(sandbox.events.map((e) => [e.detailType, e.detail])).toEqual([
      ['Cutover Started', { planName: 'p' }],
    ]);
  });

  it('reports the local execution’s status through DescribeExecution', async () => {
    const { clients, sandbox } = testSandbox();
    const executionArn = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:run-1';
    sandbox.setExecution({
      executionArn,
      stateMachineArn: 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:cutover',
      name: 'run-1',
      status: 'FAILED',
      startDate: new Date(0),
    });
    await expect(clients.sfn.send(new DescribeExecutionCommand({ executionArn }))).resolves.toMatchObject({
      status: 'FAILED',
    });
    await expect(
      clients.sfn.send(new DescribeExecutionCommand({ executionArn: `${executionArn}x` })),
    ).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
  });
});
