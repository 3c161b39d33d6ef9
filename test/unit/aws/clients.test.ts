import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { regionOfArn } from '#aws/arns';
import { toCutoverError } from '#aws/aws-errors';
import { clientsByRegion, createAwsClients } from '#aws/clients';
import { AwsTransientError } from '#core/errors';
import { RULE_ARN, TG_VM, testCredentials } from './kit.ts';

interface SeenRequest {
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  body: string;
}

const THROTTLING_XML = `<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
  <RequestId>0f2b4c1e-7a1d-4c55-9d1e-8d3f2a1b0c9e</RequestId>
</ErrorResponse>`;

const rulesXml = `<DescribeRulesResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <DescribeRulesResult>
    <Rules>
      <member>
        <RuleArn>${RULE_ARN}</RuleArn>
        <Priority>10</Priority>
        <IsDefault>false</IsDefault>
        <Actions>
          <member>
            <Type>forward</Type>
            <ForwardConfig>
              <TargetGroups>
                <member><TargetGroupArn>${TG_VM}</TargetGroupArn><Weight>100</Weight></member>
              </TargetGroups>
            </ForwardConfig>
          </member>
        </Actions>
      </member>
    </Rules>
  </DescribeRulesResult>
  <ResponseMetadata><RequestId>5b1d3c4e-0000-4000-8000-000000000001</RequestId></ResponseMetadata>
</DescribeRulesResponse>`;

/** A request handler that answers from a script, below the SDK's signing, retry and parsing. */
function scriptedHandler(answers: { status: number; body: string }[]) {
  const seen: SeenRequest[] = [];
  const handler = {
    async handle(request: {
      protocol: string;
      hostname: string;
      port?: number;
      path: string;
      body?: unknown;
    }) {
      seen.push({
        protocol: request.protocol,
        hostname: request.hostname,
        ...(request.port !== undefined ? { port: request.port } : {}),
        path: request.path,
        body: String(request.body ?? ''),
      });
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)] ?? { status: 500, body: '' };
      return {
        response: {
          statusCode: answer.status,
          reason: '',
          headers: { 'content-type': 'text/xml', 'x-amzn-requestid': `req-${seen.length}` },
          body: new TextEncoder().encode(answer.body),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  return { handler, seen };
}

describe('createAwsClients', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('retries Throttling through the SDK real retry path and succeeds on the third attempt', async () => {
    // Prepare: HTTP 400 Throttling twice (the ELBv2 XML error body), then the answer
    const { handler, seen } = scriptedHandler([
      { status: 400, body: THROTTLING_XML },
      { status: 400, body: THROTTLING_XML },
      { status: 200, body: rulesXml },
    ]);
    const clients = createAwsClients({
      region: 'ap-northeast-1',
      credentials: testCredentials,
      requestHandler: handler as never,
      // The SDK's standard strategy with 1 ms backoff keeps the test fast; classification is the SDK's.
      retryStrategy: new ConfiguredRetryStrategy(3, 1),
    });
    // Act
    const output = await clients.elbv2.send(new DescribeRulesCommand({ RuleArns: [RULE_ARN] }));
    // Assess
    expect(seen).toHaveLength(3);
    expect(output.$metadata.attempts).toBe(3);
    expect(output.Rules?.[0]?.Actions?.[0]?.ForwardConfig?.TargetGroups).toEqual([
      { TargetGroupArn: TG_VM, Weight: 100 },
    ]);
  });

  it('gives up after maxAttempts with the adaptive default, and the error maps to AwsTransient', async () => {
    // Prepare: always throttled; one attempt allowed so no backoff is slept
    const { handler, seen } = scriptedHandler([{ status: 400, body: THROTTLING_XML }]);
    const clients = createAwsClients({
      region: 'ap-northeast-1',
      credentials: testCredentials,
      requestHandler: handler as never,
      maxAttempts: 1,
    });
    // Act
    const error = await clients.elbv2
      .send(new DescribeRulesCommand({ RuleArns: [RULE_ARN] }))
      .catch((err: unknown) => err);
    // Assess
    expect(seen).toHaveLength(1);
    expect(error).toMatchObject({ name: 'Throttling', $metadata: { attempts: 1 } });
    const mapped = toCutoverError(error, `rule ${RULE_ARN}`);
    expect(mapped).toBeInstanceOf(AwsTransientError);
    expect(mapped.message).toContain('after 1 attempt (Throttling: Rate exceeded)');
  });

  it('sends requests to an explicit endpoint (an emulator)', async () => {
    // Prepare
    const { handler, seen } = scriptedHandler([{ status: 200, body: rulesXml }]);
    const clients = createAwsClients({
      region: 'ap-northeast-1',
      credentials: testCredentials,
      requestHandler: handler as never,
      endpoint: 'http://localhost:4566',
    });
    // Act
    await clients.elbv2.send(new DescribeRulesCommand({ RuleArns: [RULE_ARN] }));
    // Assess
    expect(seen[0]).toMatchObject({ protocol: 'http:', hostname: 'localhost', port: 4566 });
    expect(seen[0]?.body).toContain('Action=DescribeRules');
  });

  it('honours AWS_ENDPOINT_URL from the environment', async () => {
    // Prepare
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:4599');
    const { handler, seen } = scriptedHandler([{ status: 200, body: rulesXml }]);
    const clients = createAwsClients({
      region: 'ap-northeast-1',
      credentials: testCredentials,
      requestHandler: handler as never,
    });
    // Act
    await clients.elbv2.send(new DescribeRulesCommand({ RuleArns: [RULE_ARN] }));
    // Assess
    expect(seen[0]).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 4599 });
  });

  it('points at the regional AWS endpoint by default', async () => {
    const { handler, seen } = scriptedHandler([{ status: 200, body: rulesXml }]);
    const clients = createAwsClients({
      region: regionOfArn(RULE_ARN),
      credentials: testCredentials,
      requestHandler: handler as never,
    });
    await clients.elbv2.send(new DescribeRulesCommand({ RuleArns: [RULE_ARN] }));
    expect(seen[0]).toMatchObject({
      protocol: 'https:',
      hostname: 'elasticloadbalancing.ap-northeast-1.amazonaws.com',
    });
  });
});

describe('clientsByRegion', () => {
  it('builds one set of clients per region and reuses it', async () => {
    // Prepare
    const clientsFor = clientsByRegion({ credentials: testCredentials });
    // Act
    const tokyo = clientsFor('ap-northeast-1');
    // Assess
    expect(clientsFor('ap-northeast-1')).toBe(tokyo);
    expect(clientsFor('us-east-1')).not.toBe(tokyo);
    expect(await clientsFor('us-east-1').elbv2.config.region()).toBe('us-east-1');
  });
});

describe('regionOfArn', () => {
  it('reads the region of a router ARN', () => {
    expect(regionOfArn(RULE_ARN)).toBe('ap-northeast-1');
  });
  it('refuses an ARN without a region', () => {
    expect(() => regionOfArn('arn:aws:iam::123456789012:role/x')).toThrow(RangeError);
  });
});
