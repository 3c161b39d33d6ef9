// A team's own CDK app using the installed package (.ci/consumer-test copies it outside the repository).

import { Cutover, type CutoverProps } from '@cutover-sre/cutover/cdk';
import { loadPlan } from '@cutover-sre/cutover/plan';
import { App, Stack } from 'aws-cdk-lib';

const props: CutoverProps = {
  routers: [
    'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2',
  ],
};
const app = new App();
const stack = new Stack(app, 'ConsumerStack', { env: { account: '123456789012', region: 'ap-northeast-1' } });
new Cutover(stack, 'Cutover', props);
if (typeof loadPlan !== 'function') throw new Error('the plan API does not export loadPlan');
app.synth();
