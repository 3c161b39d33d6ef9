// The adapters' TrafficRouter contract, run against the real AlbTrafficRouter over the sandbox.
import { AlbTrafficRouter } from '#aws/alb-traffic-router';
import { describeTrafficRouterContract } from '#test/support/router-contract';
import { ECS, LISTENER, RULE, testSandbox, VM } from './fixture.ts';

for (const kind of ['listener', 'rule'] as const) {
  describeTrafficRouterContract(`AlbTrafficRouter (${kind}) over the sandbox`, async () => {
    const { clients, clock, sandbox } = testSandbox();
    const arn = kind === 'listener' ? LISTENER : RULE;
    if (kind === 'listener') sandbox.drift(LISTENER, { [VM]: 90, [ECS]: 10 });
    return {
      router: new AlbTrafficRouter({
        client: clients.elbv2,
        router: { kind, arn },
        clock,
        verifyBudgetSeconds: 30,
      }),
      targetGroups: [VM, ECS] as const,
      failNext: (call, errorCode) => {
        const command =
          call === 'write'
            ? kind === 'listener'
              ? 'ModifyListener'
              : 'ModifyRule'
            : kind === 'listener'
              ? 'DescribeListeners'
              : 'DescribeRules';
        sandbox.injectApiErrors(command, errorCode, 1);
      },
    };
  });
}
