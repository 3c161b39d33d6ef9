import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_FILE } from '#infra/app';
import { readDeploymentConfig } from '#infra/deployment-config';
import { ASL_FUNCTIONS, FUNCTIONS } from '#infra/function-catalog';
import { readPlanDocument } from '#plan/index';
import { ROUTERS_ENV_VAR } from '#runtime/light-deps';

// The suite's one full synthesis, exactly as `npx cdk synth` runs it: the app command of cdk.json
// in a child process with CDK_OUTDIR (real esbuild bundling of every functions/<name>/handler.ts,
// cdk-nag AwsSolutions as a validation plugin that fails synthesis on an unacknowledged finding).
const REPO = path.resolve(import.meta.dirname, '../..');
const ASL_FILE = path.join(REPO, 'state-machines/cutover.asl.json');
const CDK_JSON = JSON.parse(readFileSync(path.join(REPO, 'cdk.json'), 'utf8')) as {
  app: string;
  context: Record<string, unknown>;
};
const APP_COMMAND = CDK_JSON.app;

type Json = Record<string, unknown>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
interface Resource {
  Type: string;
  Properties: Json;
}

let outdir: string;
let template: Template;
let resources: Record<string, Resource>;
let validationReport: { pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[] };
const config = await readDeploymentConfig(DEFAULT_CONFIG_FILE);

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'cutover-synth-'));
  const [command = 'node', ...args] = APP_COMMAND.split(' ');
  // Throws with the app's stderr (e.g. the cdk-nag report) if synthesis fails.
  execFileSync(command, args, {
    cwd: REPO,
    // The CDK CLI hands the app cdk.json's context (the feature flags) this way.
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(CDK_JSON.context),
      CUTOVER_CONFIG: DEFAULT_CONFIG_FILE,
    },
    stdio: 'pipe',
  });
  template = Template.fromJSON(
    JSON.parse(readFileSync(path.join(outdir, `${config.stackName}.template.json`), 'utf8')),
  );
  resources = template.toJSON().Resources as Record<string, Resource>;
  validationReport = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
}, 240_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Properties of a resource that must exist. */
const props = (id: string): Json => {
  const found = resources[id];
  if (found === undefined) throw new Error(`no resource ${id} in the template`);
  return found.Properties ?? {};
};
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const getAtt = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
/** Logical id of the construct `Cutover/<id>` (CDK appends a hash). */
const logicalId = (type: string, stem: string): string => {
  const found = ofType(type).filter(([id]) => new RegExp(`^Cutover${stem}[0-9A-F]{8}$`).test(id));
  if (found.length !== 1 || found[0] === undefined) throw new Error(`expected one ${type} ${stem}`);
  return found[0][0];
};
const pascal = (name: string) =>
  name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
const functionId = (name: string) => logicalId('AWS::Lambda::Function', `${pascal(name)}Function`);
const roleId = (name: string) => logicalId('AWS::IAM::Role', `${pascal(name)}Role`);

/** Every statement of every identity policy, with who holds it. */
function statements(): { holder: string; statement: Statement }[] {
  const out: { holder: string; statement: Statement }[] = [];
  for (const [id, r] of [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')]) {
    const roles = asList(r.Properties.Roles as { Ref: string }[] | undefined).map((x) => x.Ref);
    const holder = r.Type === 'AWS::IAM::ManagedPolicy' ? id : (roles[0] ?? id);
    for (const s of (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
      out.push({ holder, statement: s });
    }
  }
  return out;
}
const holdersOf = (action: string) =>
  statements()
    .filter(({ statement }) => asList(statement.Action).includes(action))
    .map((x) => x.holder);

describe('cdk synth', () => {
  it('passes cdk-nag AwsSolutions with every finding acknowledged', () => {
    // The report lists only failing plugins; a finding also makes the synthesis above exit non-zero.
    expect(validationReport.pluginReports.filter((r) => r.conclusion !== 'success')).toEqual([]);
  });

  it('bundles every function with esbuild into an ESM file of at most 1 MB', () => {
    for (const spec of FUNCTIONS) {
      const code = props(functionId(spec.name)).Code as { S3Key: string };
      const bundle = path.join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
      expect(statSync(bundle).size, spec.name).toBeLessThanOrEqual(1024 * 1024);
    }
  });
});

describe('functions', () => {
  it('runs all twelve on nodejs22.x arm64 with X-Ray, a log group with retention and the shared env', () => {
    expect(ofType('AWS::Lambda::Function')).toHaveLength(FUNCTIONS.length);
    for (const spec of FUNCTIONS) {
      const fn = props(functionId(spec.name));
      expect(fn).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        Timeout: spec.timeoutSeconds,
        Role: getAtt(roleId(spec.name)),
        Environment: {
          Variables: {
            TABLE_NAME: { Ref: logicalId('AWS::DynamoDB::Table', 'Table') },
            EVENT_BUS_NAME: 'default',
            POWERTOOLS_SERVICE_NAME: 'cutover',
            POWERTOOLS_METRICS_NAMESPACE: 'Cutover',
          },
        },
      });
      const logGroup = (fn.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(props(logGroup).RetentionInDays).toBe(config.logRetentionDays);
    }
    const safetyNetEnv = (props(functionId('safety-net')).Environment as Json).Variables;
    expect(safetyNetEnv).toMatchObject({
      STATE_MACHINE_ARN: { Ref: logicalId('AWS::StepFunctions::StateMachine', 'StateMachine') },
    });
  });

  it('gives validate exactly the configured routers (CUTOVER_ROUTERS), and no other function', () => {
    for (const spec of FUNCTIONS) {
      const env = (props(functionId(spec.name)).Environment as { Variables: Json }).Variables;
      const routers = env[ROUTERS_ENV_VAR];
      if (spec.name !== 'validate') {
        expect(routers, spec.name).toBeUndefined();
        continue;
      }
      expect(typeof routers).toBe('string');
      expect(String(routers).split(',').sort()).toEqual([...new Set(config.routers)].sort());
    }
  });

  it('reserves concurrency on the writers only', () => {
    for (const spec of FUNCTIONS) {
      const reserved = props(functionId(spec.name)).ReservedConcurrentExecutions;
      expect(reserved, spec.name).toBe(spec.writer ? config.writerConcurrency : undefined);
    }
    expect(FUNCTIONS.filter((f) => f.writer).map((f) => f.name)).toEqual(['shift', 'rollback', 'safety-net']);
  });

  it('gives each function its own role', () => {
    const roles = FUNCTIONS.map((f) => roleId(f.name));
    expect(new Set(roles).size).toBe(FUNCTIONS.length);
  });
});

describe('IAM least privilege', () => {
  it('spells out every action: no wildcard actions anywhere', () => {
    const wildcards = statements().flatMap(({ holder, statement }) =>
      asList(statement.Action)
        .filter((a) => a.includes('*'))
        .map((a) => `${holder}: ${a}`),
    );
    expect(wildcards).toEqual([]);
  });

  it('allows ModifyListener / ModifyRule only to the writers, only on the configured router ARNs', () => {
    const writerRoles = ['shift', 'rollback', 'safety-net'].map(roleId).sort();
    const listeners = config.routers.filter((a) => a.includes(':listener/'));
    const rules = config.routers.filter((a) => a.includes(':listener-rule/'));
    for (const [action, arns] of [
      ['elasticloadbalancing:ModifyListener', listeners],
      ['elasticloadbalancing:ModifyRule', rules],
    ] as const) {
      const grants = statements().filter(({ statement }) => asList(statement.Action).includes(action));
      expect(grants.map((g) => g.holder).sort(), action).toEqual(writerRoles);
      for (const { statement } of grants) {
        expect(asList(statement.Action)).toEqual([action]);
        expect(asList(statement.Resource as string[]).sort()).toEqual([...arns].sort());
      }
    }
  });

  it("allows CreateRule only to preflight on the routers' listeners, DeleteRule only on rules under them", () => {
    const listeners = [
      ...new Set(
        config.routers.map((arn) =>
          arn.includes(':listener-rule/')
            ? arn.replace(':listener-rule/', ':listener/').replace(/\/[^/]+$/, '')
            : arn,
        ),
      ),
    ];
    const rulesUnder = listeners.map((arn) => `${arn.replace(':listener/', ':listener-rule/')}/*`);
    for (const [action, holders, arns] of [
      ['elasticloadbalancing:CreateRule', ['preflight'], [...listeners, ...rulesUnder]],
      ['elasticloadbalancing:DeleteRule', ['complete', 'safety-net'], rulesUnder],
    ] as const) {
      const grants = statements().filter(({ statement }) => asList(statement.Action).includes(action));
      expect(grants.map((g) => g.holder).sort(), action).toEqual(holders.map(roleId).sort());
      for (const { statement } of grants) {
        expect(asList(statement.Action)).toEqual([action]);
        expect(asList(statement.Resource as string[]).sort()).toEqual([...arns].sort());
      }
    }
  });

  it('keeps resource "*" to read-only APIs without resource-level permissions (and SendTask*)', () => {
    const allowedOnStar =
      /^(elasticloadbalancing:Describe\w+|cloudwatch:(GetMetricData|DescribeAlarms)|autoscaling:(DescribeAutoScalingGroups|DescribeInstanceRefreshes)|xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)|scheduler:ListSchedules|states:SendTask(Success|Failure))$/;
    const onStar = statements().filter(({ statement }) => asList(statement.Resource).includes('*'));
    const offending = onStar.flatMap(({ holder, statement }) =>
      asList(statement.Action)
        .filter((a) => !allowedOnStar.test(a))
        .map((a) => `${holder}: ${a}`),
    );
    expect(offending).toEqual([]);
    // Describe* on `*` sits in its own statement, never next to a scoped action.
    for (const { statement } of onStar) expect(asList(statement.Resource)).toEqual(['*']);
  });

  it('lets the state machine invoke exactly its functions, and RunHook exactly the configured hooks', () => {
    const invokes = statements().filter(({ statement }) =>
      asList(statement.Action).includes('lambda:InvokeFunction'),
    );
    const runHookRole = logicalId('AWS::IAM::Role', 'RunHookRole');
    const hookGrants = invokes.filter((g) => g.holder === runHookRole);
    expect(hookGrants.flatMap((g) => asList(g.statement.Resource)).sort()).toEqual(
      [...(config.hooks?.functionArns ?? [])].sort(),
    );
    const grants = invokes.filter((g) => g.holder !== runHookRole);
    expect(grants.map((g) => g.holder)).toEqual([logicalId('AWS::IAM::Role', 'StateMachineRole')]);
    // A set: the recommended feature flags (cdk.json) sort the resources of a minimized policy.
    const byArn = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(asList(grants[0]?.statement.Resource).sort(byArn)).toEqual(
      ASL_FUNCTIONS.map((f) => getAtt(functionId(f.name))).sort(byArn),
    );
  });

  it('lets only RunHook read secrets, and only the configured signing secrets', () => {
    const reads = statements().filter(({ statement }) =>
      asList(statement.Action).some((action) => action.startsWith('secretsmanager:')),
    );
    expect(reads.map((g) => g.holder)).toEqual([logicalId('AWS::IAM::Role', 'RunHookRole')]);
    expect(asList(reads[0]?.statement.Action)).toEqual(['secretsmanager:GetSecretValue']);
    expect(asList(reads[0]?.statement.Resource).sort()).toEqual([...(config.hooks?.secretArns ?? [])].sort());
    expect(config.hooks?.secretArns.length).toBeGreaterThan(0);
  });

  it('scopes table, bus and execution access to this deployment', () => {
    const table = getAtt(logicalId('AWS::DynamoDB::Table', 'Table'));
    for (const { statement } of statements()) {
      const actions = asList(statement.Action);
      if (actions.some((a) => a.startsWith('dynamodb:'))) expect(statement.Resource).toEqual(table);
      if (actions.includes('events:PutEvents')) {
        expect(JSON.stringify(statement.Resource)).toContain(':event-bus/default');
      }
      if (actions.includes('states:StartExecution')) {
        expect(statement.Resource).toEqual({
          Ref: logicalId('AWS::StepFunctions::StateMachine', 'StateMachine'),
        });
      }
    }
    const describe = statements().filter(({ statement }) =>
      asList(statement.Action).includes('states:DescribeExecution'),
    );
    for (const { statement } of describe) {
      expect(JSON.stringify(statement.Resource)).toMatch(/:execution:Cutover-[0-9A-F]{8}:\*"/);
    }
    expect(holdersOf('states:DescribeExecution')).toContain(roleId('safety-net'));
    // The campaign state machine starts cutovers as child executions (test/infra/campaign-state-machine.test.ts).
    expect(holdersOf('states:StartExecution')).toEqual([
      logicalId('AWS::IAM::Role', 'CampaignStateMachineRole'),
      logicalId('AWS::IAM::Role', 'SchedulerRole'),
      expect.stringMatching(/^CutoverAccessOperatorPolicy/),
    ]);
  });

  it('gives pure functions nothing but logs and traces, lets only announcers publish events, and nothing delete items', () => {
    const publishers = FUNCTIONS.filter((f) => !f.stateless && f.emitsEvents !== false).map((f) =>
      roleId(f.name),
    );
    expect(holdersOf('events:PutEvents').sort()).toEqual(publishers.sort());
    expect(holdersOf('events:PutEvents')).not.toContain(roleId('snapshot'));
    expect(holdersOf('dynamodb:DeleteItem')).toEqual([]);
    const pure = FUNCTIONS.filter((f) => f.stateless).map((f) => roleId(f.name));
    const pureActions = statements()
      .filter(({ holder }) => pure.includes(holder))
      .flatMap(({ statement }) => asList(statement.Action));
    // Only their own log stream and X-Ray traces.
    expect(pureActions.filter((a) => !/^(logs|xray):/.test(a))).toEqual([]);
  });

  it('lets only the approver policy move a waiting cutover forward (SendTaskSuccess)', () => {
    expect(holdersOf('states:SendTaskSuccess')).toEqual([
      expect.stringMatching(/^CutoverAccessApproverPolicy/),
    ]);
    const lambdaRoles = FUNCTIONS.map((f) => roleId(f.name));
    expect(holdersOf('states:SendTaskFailure').filter((h) => lambdaRoles.includes(h))).toEqual([]);
  });

  it('lets only EventBridge Scheduler in this account and group assume the scheduler role', () => {
    const role = props(logicalId('AWS::IAM::Role', 'SchedulerRole'));
    expect(role.AssumeRolePolicyDocument).toMatchObject({
      Statement: [
        {
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: {
            StringEquals: {
              'aws:SourceAccount': { Ref: 'AWS::AccountId' },
              'aws:SourceArn': expect.anything(),
            },
          },
        },
      ],
    });
  });
});

describe('state machine', () => {
  const stateMachine = () => props(logicalId('AWS::StepFunctions::StateMachine', 'StateMachine'));

  it('is a Standard workflow logging ALL without execution data, traced with X-Ray', () => {
    expect(stateMachine()).toMatchObject({
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
    });
    const logGroup = (
      stateMachine().LoggingConfiguration as {
        Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string] } } }[];
      }
    ).Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
    expect(props(logGroup ?? '').RetentionInDays).toBe(config.logRetentionDays);
  });

  it('deploys the ASL file byte for byte, with only the function ARNs substituted', () => {
    const key = (stateMachine().DefinitionS3Location as { Key: string }).Key;
    const deployed = readFileSync(path.join(outdir, `asset.${key}`), 'utf8');
    const asl = readFileSync(ASL_FILE, 'utf8');
    expect(deployed).toBe(asl);
    const placeholders = [...new Set([...asl.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
    const substitutions = stateMachine().DefinitionSubstitutions as Json;
    expect(Object.keys(substitutions).sort()).toEqual(placeholders);
    for (const spec of ASL_FUNCTIONS) {
      expect(substitutions[spec.placeholder], spec.placeholder).toEqual(getAtt(functionId(spec.name)));
    }
  });

  it('gives every Task a timeout longer than its Lambda timeout, and a retrier', () => {
    const definition = JSON.parse(readFileSync(ASL_FILE, 'utf8')) as Json;
    const tasks = collectTasks(definition);
    expect(tasks.length).toBeGreaterThanOrEqual(ASL_FUNCTIONS.length);
    expect(definition.TimeoutSeconds, 'top-level TimeoutSeconds').toEqual(expect.any(Number));
    for (const [name, task] of tasks) {
      expect(task.TimeoutSeconds ?? task.TimeoutSecondsPath, `${name} TimeoutSeconds`).toBeDefined();
      const retried = asList(task.Retry as { ErrorEquals: string[] }[]).flatMap((r) => r.ErrorEquals);
      expect(retried, `${name} retries Lambda service errors`).toContain('Lambda.ServiceException');
      // Direct (`"Resource": "${…FunctionArn}"`) or lambda:invoke integration (`FunctionName`).
      const invoked = JSON.stringify([task.Resource, task.Parameters ?? task.Arguments ?? {}]);
      const spec = ASL_FUNCTIONS.find((f) => invoked.includes(`\${${f.placeholder}}`));
      expect(spec, `${name} invokes one of our functions`).toBeDefined();
      if (spec !== undefined && typeof task.TimeoutSeconds === 'number') {
        // Otherwise Step Functions gives up on a Lambda that is still running — and may still write.
        expect(task.TimeoutSeconds, `${name}: Task timeout vs ${spec.name} Lambda timeout`).toBeGreaterThan(
          spec.timeoutSeconds,
        );
      }
    }
  });
});

/** Every Task state, including those inside Parallel branches and Map processors. */
function collectTasks(machine: Json, prefix = ''): [string, Json][] {
  const out: [string, Json][] = [];
  for (const [name, state] of Object.entries((machine.States ?? {}) as Record<string, Json>)) {
    if (state.Type === 'Task') out.push([`${prefix}${name}`, state]);
    for (const branch of asList(state.Branches as Json[] | undefined))
      out.push(...collectTasks(branch, `${name}/`));
    const processor = (state.ItemProcessor ?? state.Iterator) as Json | undefined;
    if (processor !== undefined) out.push(...collectTasks(processor, `${name}/`));
  }
  return out;
}

describe('data, notifications and the safety net', () => {
  it('keeps leases and audit in a PITR, deletion-protected, encrypted pay-per-request table with TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('encrypts the topic with a rotating customer key and refuses publishing without TLS', () => {
    const key = logicalId('AWS::KMS::Key', 'MonitoringTopicKey');
    expect(props(key).EnableKeyRotation).toBe(true);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAtt(key) });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Principal: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', config.notifications.emails.length);
  });

  it('sends ABORTED / TIMED_OUT / FAILED executions of this state machine to the safety net', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['ABORTED', 'TIMED_OUT', 'FAILED'],
          stateMachineArn: [{ Ref: logicalId('AWS::StepFunctions::StateMachine', 'StateMachine') }],
        },
      },
      Targets: [{ Arn: getAtt(functionId('safety-net')) }],
    });
  });

  it('sweeps every 5 minutes with { "sweep": true }', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [{ Arn: getAtt(functionId('safety-net')), Input: '{"sweep":true}' }],
    });
  });

  it('notifies the topic on the events that need a human', () => {
    for (const type of [
      'Cutover Rollback Failed',
      'Cutover Drift Detected',
      'Cutover Awaiting Approval',
      'Cutover Paused',
      'Cutover Gate Failed',
      'Cutover Rolled Back',
    ]) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: ['cutover'], 'detail-type': [type] },
        Targets: [{ Arn: { Ref: logicalId('AWS::SNS::Topic', 'MonitoringTopic') } }],
      });
    }
  });

  it('alarms to the topic on rollback failures and on failed, aborted or timed-out executions', () => {
    const topic = { Ref: logicalId('AWS::SNS::Topic', 'MonitoringTopic') };
    for (const metric of ['TriggeredRules', 'ExecutionsFailed', 'ExecutionsAborted', 'ExecutionsTimedOut']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [topic],
      });
    }
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('creates the scheduled cutovers of the config with their plan document as execution input', async () => {
    const [first] = config.schedules;
    if (first === undefined) throw new Error('the example config should show a schedule');
    const document = await readPlanDocument(path.resolve(path.dirname(DEFAULT_CONFIG_FILE), first.plan));
    const [scheduleId = ''] =
      ofType('AWS::Scheduler::Schedule').find(([, r]) => r.Properties.Name === first.name) ?? [];
    const schedule = props(scheduleId);
    expect(schedule).toMatchObject({
      ScheduleExpression: `cron(${first.cron})`,
      ScheduleExpressionTimezone: first.timeZone,
      State: first.enabled ? 'ENABLED' : 'DISABLED',
      GroupName: (props(logicalId('AWS::Scheduler::ScheduleGroup', 'ScheduleGroup')) as Json).Name,
      Target: {
        Arn: { Ref: logicalId('AWS::StepFunctions::StateMachine', 'StateMachine') },
        RoleArn: getAtt(logicalId('AWS::IAM::Role', 'SchedulerRole')),
      },
    });
    expect(JSON.parse((schedule.Target as { Input: string }).Input)).toEqual(document);
  });

  it('outputs what the CLI reads with --stack', () => {
    const outputs = Object.keys(template.toJSON().Outputs as Json);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'StateMachineArn',
        'TableName',
        'TopicArn',
        'EventBusName',
        'SchedulerGroupName',
        'SchedulerRoleArn',
      ]),
    );
  });
});
