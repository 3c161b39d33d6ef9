import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCutoverApp } from '#infra/app';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Sid?: string;
}

async function synth() {
  const { app, stack } = await createCutoverApp({ context: NO_BUNDLING });
  app.synth(); // cdk-nag runs here: an unacknowledged finding throws
  return Template.fromStack(stack);
}

describe('the campaign state machine', () => {
  let template: Template;
  // One synthesis (with cdk-nag) for both: it takes tens of seconds on a busy machine.
  beforeAll(async () => {
    template = await synth();
  }, 180_000);

  it('is deployed next to the cutover state machine, logging ALL without execution data, traced', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    expect(Object.keys(machines)).toHaveLength(2);
    const campaign = Object.entries(machines).find(([id]) => id.includes('Campaign'));
    if (campaign === undefined) throw new Error('no campaign state machine in the template');
    const props = (campaign[1] as { Properties: Record<string, unknown> }).Properties;
    expect(props.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(props.TracingConfiguration).toEqual({ Enabled: true });
    // The ASL file is the asset; the substitutions are the cutover machine it may start and the table of its abort item.
    const cutoverMachine = Object.keys(machines).find((id) => !id.includes('Campaign'));
    const table = Object.keys(template.findResources('AWS::DynamoDB::Table'))[0];
    expect(props.DefinitionSubstitutions).toEqual({
      CutoverStateMachineArn: { Ref: cutoverMachine },
      TableName: { Ref: table },
    });
  });

  it('may start only the cutover state machine, and invokes no function', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.includes('Campaign'),
    );
    expect(policies).toHaveLength(1);
    const [, policy] = policies[0] ?? ['', { Properties: { PolicyDocument: { Statement: [] } } }];
    const statements = (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties
      .PolicyDocument.Statement;
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a.startsWith('lambda:') || a.startsWith('elasticloadbalancing:'))).toEqual(
      [],
    );
    const start = statements.filter((s) => [s.Action].flat().includes('states:StartExecution'));
    expect(start).toHaveLength(1);
    const cutoverMachine = Object.keys(template.findResources('AWS::StepFunctions::StateMachine')).find(
      (id) => !id.includes('Campaign'),
    );
    expect(start[0]?.Resource).toEqual({ Ref: cutoverMachine });
    expect(actions).not.toContain('states:*');
    // Of the table, only GetItem of the campaign-abort partition.
    const table = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(table).toHaveLength(1);
    expect(table[0]?.Action).toBe('dynamodb:GetItem');
    expect(JSON.stringify(table[0])).toContain('"dynamodb:LeadingKeys":["campaign-abort"]');
  });
});
