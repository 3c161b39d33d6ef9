import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  ListenerNotFoundException,
  RuleNotFoundException,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { loadBalancerArnOf, targetGroupNameOf } from '#aws/arns';
import { awsErrorCode, isAwsError, toCutoverError } from '#aws/aws-errors';
import {
  AwsRejectedError,
  AwsTransientError,
  DriftDetectedError,
  RouterUnavailableError,
  TargetGroupUnavailableError,
} from '#core/errors';
import { awsError, LB_ARN, LISTENER_ARN, RULE_ARN, TG_ECS } from './kit.ts';

const meta = { $metadata: { httpStatusCode: 400 } };

describe('toCutoverError', () => {
  it.each([
    ['Throttling (ELBv2 query code)', awsError('Throttling'), AwsTransientError],
    ['ThrottlingException', awsError('ThrottlingException'), AwsTransientError],
    [
      'ProvisionedThroughputExceededException',
      awsError('ProvisionedThroughputExceededException'),
      AwsTransientError,
    ],
    ['an HTTP 503', awsError('ServiceUnavailable', { status: 503 }), AwsTransientError],
    ['an unknown server fault', awsError('SomethingBroke', { status: 500 }), AwsTransientError],
    ['an SDK timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), AwsTransientError],
    ['a reset socket', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), AwsTransientError],
    ['AccessDenied', awsError('AccessDenied', { status: 403 }), AwsRejectedError],
    ['AccessDeniedException', awsError('AccessDeniedException', { status: 400 }), AwsRejectedError],
    ['ValidationError', awsError('ValidationError'), AwsRejectedError],
    [
      'ConditionalCheckFailedException',
      new ConditionalCheckFailedException({ ...meta, message: 'failed' }),
      AwsRejectedError,
    ],
    [
      'ListenerNotFound',
      new ListenerNotFoundException({ ...meta, message: 'not found' }),
      RouterUnavailableError,
    ],
    ['RuleNotFound', new RuleNotFoundException({ ...meta, message: 'not found' }), RouterUnavailableError],
    [
      'TargetGroupNotFound',
      new TargetGroupNotFoundException({ ...meta, message: 'not found' }),
      TargetGroupUnavailableError,
    ],
    ['the short code ListenerNotFound', awsError('ListenerNotFound'), RouterUnavailableError],
  ])('maps %s', (_case, error, expected) => {
    // Act
    const mapped = toCutoverError(error, `rule ${RULE_ARN}`);
    // Assess
    expect(mapped).toBeInstanceOf(expected);
    expect(mapped.message.startsWith(`rule ${RULE_ARN}: `)).toBe(true);
    expect(mapped.cause).toBe(error);
  });

  it('keeps the AWS code and message in the text', () => {
    const mapped = toCutoverError(
      awsError('AccessDenied', { status: 403, message: 'not authorized' }),
      'listener l',
    );
    expect(mapped.message).toBe(
      "listener l: access denied (AccessDenied: not authorized); grant the caller's role this action on this resource",
    );
  });

  it('passes Cutover errors through unchanged', () => {
    const drift = new DriftDetectedError('rule r', { a: 100 }, { a: 50, b: 50 });
    expect(toCutoverError(drift, 'rule r')).toBe(drift);
  });

  it('does not disguise a bug as AWS trouble', () => {
    const bug = new TypeError('x is undefined');
    expect(toCutoverError(bug, 'rule r')).toBe(bug);
  });

  it('turns a thrown non-error into an error naming the subject', () => {
    expect(toCutoverError('boom', 'rule r').message).toBe('rule r: boom');
  });
});

describe('awsErrorCode / isAwsError', () => {
  it('reads the code of SDK errors only', () => {
    expect(awsErrorCode(awsError('Throttling'))).toBe('Throttling');
    expect(awsErrorCode(new Error('plain'))).toBeUndefined();
    expect(
      isAwsError(
        new ConditionalCheckFailedException({ ...meta, message: 'x' }),
        'ConditionalCheckFailedException',
      ),
    ).toBe(true);
    expect(isAwsError(awsError('Throttling'), 'ConditionalCheckFailedException')).toBe(false);
  });
});

describe('arns', () => {
  it('finds the load balancer of a listener and of a rule', () => {
    expect(loadBalancerArnOf(LISTENER_ARN)).toBe(LB_ARN);
    expect(loadBalancerArnOf(RULE_ARN)).toBe(LB_ARN);
  });

  it('refuses an ARN that is neither', () => {
    expect(() => loadBalancerArnOf(TG_ECS)).toThrow(RangeError);
  });

  it('names a target group by its ARN name', () => {
    expect(targetGroupNameOf(TG_ECS)).toBe('crawler-ecs');
    expect(targetGroupNameOf('something-else')).toBe('something-else');
  });
});
