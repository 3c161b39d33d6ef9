import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DescribeStacksCommandOutput } from '@aws-sdk/client-cloudformation';
import type { DescribeListenersCommandOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DescribeExecutionCommandOutput, ExecutionStatus } from '@aws-sdk/client-sfn';
import { parse } from 'yaml';
import { createAwsClients } from '#aws/clients';
import type { CliIo } from '#cli/io';
import type { OpsDeps } from '#cli/ops/deps';
import { canonicalJson } from '#core/canonical-json';
import type { Clock } from '#ports/clock';

export const REPO = join(import.meta.dirname, '..', '..', '..');
export const PLAN = join(REPO, 'examples', 'vm-to-ecs.yaml');
export const STATE_MACHINE_ARN = 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:Cutover';
export const ROUTER_ARN =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2';
export const VM_TG =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/crawler-vm/73e2d6bc24d8a067';
export const ECS_TG =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/crawler-ecs/0123456789abcdef';
export const EKS_TG =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/crawler-eks/fedcba9876543210';
export const CALLER_ARN = 'arn:aws:sts::123456789012:assumed-role/Operator/alice';

/** Output captured per stream; `isTTY` chooses the progress renderer. */
export function captureIo(options: { env?: Record<string, string>; isTTY?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => void out.push(text), isTTY: options.isTTY ?? false },
    stderr: { write: (text: string) => void err.push(text) },
    env: { AWS_REGION: 'ap-northeast-1', ...options.env },
    cwd: REPO,
  };
  return {
    io,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    json: <T = Record<string, unknown>>() => JSON.parse(out.join('')) as T,
  };
}

/** A clock that starts at `start` and moves only when the command sleeps. */
export function fakeClock(start = new Date('2026-06-01T01:00:00Z')): Clock & { slept: number } {
  let now = start.getTime();
  const clock = {
    slept: 0,
    now: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms;
      clock.slept += ms;
    },
  };
  return clock;
}

/** Real SDK clients (mocked per class by aws-sdk-client-mock in each test), a fake clock. */
export function testDeps(clock = fakeClock()): OpsDeps {
  const cache = new Map<string, ReturnType<typeof createAwsClients>>();
  return {
    clientsFor(region) {
      let clients = cache.get(region);
      if (!clients) {
        clients = createAwsClients({
          region,
          maxAttempts: 1,
          credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        });
        cache.set(region, clients);
      }
      return clients;
    },
    clock,
    pollIntervalMs: 5_000,
  };
}

/** The example plan as a document, to change and write elsewhere. */
export function planDocument(): Record<string, unknown> {
  return parse(readFileSync(PLAN, 'utf8')) as Record<string, unknown>;
}

export function writePlan(document: unknown, name = 'plan.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-cli-'));
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(document));
  return path;
}

/** An SDK-shaped service error (what a client's send rejects with). */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/** An execution of the Cutover state machine, by name. */
export const executionArnOf = (name: string): string =>
  `arn:aws:states:ap-northeast-1:123456789012:execution:Cutover:${name}`;

/** The execution of the example plan most tests answer about. */
export const EXECUTION_ARN = executionArnOf('crawler-vm-to-ecs-0123456789abcdef');

/** DescribeExecution's answer for `executionArn`: the example plan as input, started 2026-06-01T00:00Z. */
export function describedExecution(
  executionArn: string,
  status: ExecutionStatus,
  extra: Partial<DescribeExecutionCommandOutput> = {},
): DescribeExecutionCommandOutput {
  return {
    $metadata: {},
    executionArn,
    stateMachineArn: STATE_MACHINE_ARN,
    name: executionArn.split(':').at(-1),
    status,
    startDate: new Date('2026-06-01T00:00:00Z'),
    input: canonicalJson(planDocument()),
    ...extra,
  };
}

/** The example router's lease item as the table stores it, held by `owner` and not yet expired. */
export function leaseItem(owner: string, extra: Record<string, unknown> = {}) {
  return {
    pk: 'lease',
    sk: ROUTER_ARN,
    owner,
    planName: 'crawler-vm-to-ecs',
    token: 7,
    // Later than the test clock (2026-06-01T01:00Z): the lease has not expired.
    expiresAt: Math.floor(Date.parse('2026-06-01T03:00:00Z') / 1000),
    released: false,
    ...extra,
  };
}

/** DescribeListeners' answer: the example listener forwarding to crawler-vm and crawler-ecs at `weights`. */
export function forwardingListener(
  weights: { vm: number; ecs: number },
  stickinessSeconds?: number,
): DescribeListenersCommandOutput {
  return {
    $metadata: {},
    Listeners: [
      {
        ListenerArn: ROUTER_ARN,
        DefaultActions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: VM_TG, Weight: weights.vm },
                { TargetGroupArn: ECS_TG, Weight: weights.ecs },
              ],
              ...(stickinessSeconds
                ? { TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: stickinessSeconds } }
                : {}),
            },
          },
        ],
      },
    ],
  };
}

/** DescribeStacks' answer: the deployed stack `Cutover` with these outputs. */
export function cutoverStack(outputs: Readonly<Record<string, string>>): DescribeStacksCommandOutput {
  return {
    $metadata: {},
    Stacks: [
      {
        StackName: 'Cutover',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  };
}
