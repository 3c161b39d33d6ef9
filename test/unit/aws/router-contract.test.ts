import { AlbTrafficRouter } from '#aws/alb-traffic-router';
import { describeTrafficRouterContract, type RouterContractFixture } from '#test/support/router-contract';
import {
  accessDenied,
  FakeClock,
  FakeElbv2,
  forwardAction,
  LB_ARN,
  LISTENER_ARN,
  RULE_ARN,
  TG_ECS,
  TG_VM,
} from './kit.ts';

function fixtureFor(kind: 'listener' | 'rule'): RouterContractFixture {
  const elb = new FakeElbv2();
  elb.targetGroups.set(TG_VM, { loadBalancerArns: [LB_ARN] });
  elb.targetGroups.set(TG_ECS, { loadBalancerArns: [LB_ARN] });
  const arn = kind === 'listener' ? LISTENER_ARN : RULE_ARN;
  const authenticate = {
    Type: 'authenticate-oidc' as const,
    Order: 1,
    AuthenticateOidcConfig: {
      Issuer: 'https://idp.example.com',
      AuthorizationEndpoint: 'https://idp.example.com/auth',
      TokenEndpoint: 'https://idp.example.com/token',
      UserInfoEndpoint: 'https://idp.example.com/userinfo',
      ClientId: 'cutover',
    },
  };
  const actions = [
    authenticate,
    {
      ...forwardAction(
        [
          [TG_VM, 90],
          [TG_ECS, 10],
        ],
        true,
      ),
      Order: 2,
    },
  ];
  (kind === 'listener' ? elb.listeners : elb.rules).set(arn, actions);
  return {
    router: new AlbTrafficRouter({ client: elb.client, router: { kind, arn }, clock: new FakeClock() }),
    targetGroups: [TG_VM, TG_ECS],
    failNext(call) {
      const api =
        call === 'read'
          ? kind === 'listener'
            ? 'DescribeListeners'
            : 'DescribeRules'
          : kind === 'listener'
            ? 'ModifyListener'
            : 'ModifyRule';
      elb.failNext(api, accessDenied);
    },
  };
}

describeTrafficRouterContract('ALB listener default action (aws-sdk-client-mock)', () =>
  fixtureFor('listener'),
);
describeTrafficRouterContract('ALB listener rule (aws-sdk-client-mock)', () => fixtureFor('rule'));
