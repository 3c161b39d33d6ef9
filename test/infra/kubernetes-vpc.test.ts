import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { addPolicyChecks, createCutoverApp } from '#infra/app';
import { Cutover, type CutoverProps } from '#infra/cutover-construct';
import { FUNCTIONS } from '#infra/function-catalog';

// Kubernetes access from a VPC (EKS with a private-only endpoint): only the functions that read a
// Kubernetes API are placed in the VPC, behind a security group with outbound HTTPS only.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const LISTENER =
  'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2';
const SUBNETS = ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'];
const KUBERNETES = FUNCTIONS.filter((f) => f.readsKubernetes).map((f) => f.name);
// The synthetic probe reaches an internal ALB from the same subnets (evaluate-gates).
const PLACED = FUNCTIONS.filter((f) => f.readsKubernetes || f.probes).map((f) => f.name);

type Resource = { Properties: Record<string, unknown> };

/** One small stack, no bundling; cdk-nag runs as a validation plugin and throws on a finding. */
function synth(props: (stack: Stack) => Partial<CutoverProps>): Template {
  const app = new App({ context: NO_BUNDLING });
  const stack = new Stack(app, 'Test');
  new Cutover(stack, 'Cutover', { routers: [LISTENER], ...props(stack) });
  addPolicyChecks(app);
  app.synth();
  return Template.fromStack(stack);
}

/** VpcConfig of each function, by catalog name (read from the description `Cutover <name>`). */
function vpcConfigs(template: Template): Map<string, unknown> {
  const functions = template.findResources('AWS::Lambda::Function') as Record<string, Resource>;
  return new Map(
    Object.values(functions).map((f) => [
      String(f.Properties.Description).replace(/^Cutover /, ''),
      f.Properties.VpcConfig,
    ]),
  );
}

describe('Kubernetes access from a VPC', { timeout: 180_000 }, () => {
  it('reads the Kubernetes API from exactly the functions whose handlers build the platform port', () => {
    expect(KUBERNETES).toEqual(['preflight', 'shift']);
    for (const spec of FUNCTIONS) {
      const handler = readFileSync(
        path.join(import.meta.dirname, '../../functions', spec.name, 'handler.ts'),
        'utf8',
      );
      expect(handler.includes('#runtime/ports/platform'), spec.name).toBe(spec.readsKubernetes === true);
    }
  });

  it('places only those functions in the given subnets, with outbound HTTPS only', () => {
    const template = synth((stack) => {
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
        vpcId: 'vpc-0a1b2c3d4e5f60000',
        availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
        privateSubnetIds: SUBNETS,
      });
      return { vpc, vpcSubnets: { subnets: vpc.privateSubnets } };
    });

    const configs = vpcConfigs(template);
    expect(configs.size).toBe(FUNCTIONS.length);
    const groups = template.findResources('AWS::EC2::SecurityGroup');
    expect(Object.keys(groups)).toHaveLength(1);
    const [groupId] = Object.keys(groups);
    for (const [name, config] of configs) {
      if (PLACED.includes(name)) {
        expect(config, name).toEqual({
          SubnetIds: SUBNETS,
          SecurityGroupIds: [{ 'Fn::GetAtt': [groupId, 'GroupId'] }],
        });
      } else {
        expect(config, name).toBeUndefined();
      }
    }

    const group = Object.values(groups)[0] as Resource;
    expect(group.Properties.VpcId).toBe('vpc-0a1b2c3d4e5f60000');
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    expect(group.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }),
    ]);
    expect(template.findResources('AWS::EC2::SecurityGroupIngress')).toEqual({});
    expect(template.findResources('AWS::EC2::SecurityGroupEgress')).toEqual({});

    // Lambda manages the network interfaces with the function's own role.
    const policies = template.findResources('AWS::IAM::Policy') as Record<string, Resource>;
    const vpcAccess = Object.values(policies).filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('ec2:CreateNetworkInterface'),
    );
    expect(vpcAccess).toHaveLength(PLACED.length);
    expect(PLACED).toEqual(['preflight', 'shift', 'evaluate-gates']);
  });

  it('uses the given security groups instead of making one', () => {
    const template = synth((stack) => {
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
        vpcId: 'vpc-0a1b2c3d4e5f60000',
        availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
        privateSubnetIds: SUBNETS,
      });
      const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Group', 'sg-0a1b2c3d4e5f60000');
      return { vpc, securityGroups: [group] };
    });
    expect(template.findResources('AWS::EC2::SecurityGroup')).toEqual({});
    expect(vpcConfigs(template).get('preflight')).toEqual({
      SubnetIds: SUBNETS,
      SecurityGroupIds: ['sg-0a1b2c3d4e5f60000'],
    });
  });

  it('places no function in a VPC without vpc', () => {
    const template = synth(() => ({}));
    for (const [name, config] of vpcConfigs(template)) expect(config, name).toBeUndefined();
    expect(template.findResources('AWS::EC2::SecurityGroup')).toEqual({});
  });

  it('refuses subnets or security groups without a VPC', () => {
    expect(() =>
      synth((stack) => ({
        securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Group', 'sg-0a1b2c3d4e5f60000')],
      })),
    ).toThrow(/need vpc/);
  });

  it('imports the VPC and subnets of the deployment config by ID, offline', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cutover-vpc-'));
    const configFile = path.join(dir, 'cutover.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        routers: [LISTENER],
        vpc: { vpcId: 'vpc-0a1b2c3d4e5f60000', subnetIds: SUBNETS },
      }),
    );
    const { app, stack } = await createCutoverApp({ configFile, context: NO_BUNDLING });
    app.synth();
    const configs = vpcConfigs(Template.fromStack(stack));
    expect(configs.get('shift')).toMatchObject({ SubnetIds: SUBNETS });
    expect(configs.get('validate')).toBeUndefined();
  });
});
