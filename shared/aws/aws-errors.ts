import {
  AwsRejectedError,
  AwsTransientError,
  CutoverError,
  RouterUnavailableError,
  TargetGroupUnavailableError,
} from '#core/errors';

/**
 * Maps an error thrown by an SDK call (after the SDK's own retries) to a Cutover error whose `name`
 * Step Functions can match. Never swallows: every input comes back as an error, the original kept as
 * `cause`. Errors that are not AWS service errors (a bug, a TypeError) come back unchanged so they
 * are not disguised as AWS trouble.
 */
export function toCutoverError(err: unknown, subject: string): Error {
  if (err instanceof CutoverError) return err;
  const code = awsErrorCode(err);
  if (code === undefined) {
    return err instanceof Error ? err : new Error(`${subject}: ${String(err)}`);
  }
  const detail = `${code}: ${messageOf(err)}`;
  if (LISTENER_OR_RULE_NOT_FOUND.has(code)) {
    return new RouterUnavailableError(
      `${subject}: not found (${detail}); check the plan's router ARN and the region`,
      { cause: err },
    );
  }
  if (TARGET_GROUP_NOT_FOUND.has(code)) {
    return new TargetGroupUnavailableError(
      `${subject}: target group not found (${detail}); check the plan's targetGroupArn values`,
      { cause: err },
    );
  }
  if (isTransient(err, code)) {
    const attempts = attemptsOf(err);
    return new AwsTransientError(
      `${subject}: AWS call failed${attempts ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : ''} (${detail}); ` +
        'transient — retry later; if it persists check the service quotas and health in this region',
      { cause: err },
    );
  }
  if (ACCESS_DENIED.has(code)) {
    return new AwsRejectedError(
      `${subject}: access denied (${detail}); grant the caller's role this action on this resource`,
      { cause: err },
    );
  }
  return new AwsRejectedError(
    `${subject}: AWS refused the call (${detail}); fix the request or the resource`,
    {
      cause: err,
    },
  );
}

/** The AWS error code of an SDK error (`name`, or `Code` for unmodelled query errors), else undefined. */
export function awsErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const candidate = err as {
    name?: unknown;
    Code?: unknown;
    code?: unknown;
    $metadata?: unknown;
    $fault?: unknown;
  };
  // SDK service errors carry $metadata/$fault; socket errors and SDK timeouts only a code or name.
  const looksLikeAws =
    candidate.$metadata !== undefined ||
    candidate.$fault !== undefined ||
    NETWORK_CODES.has(String(candidate.code)) ||
    TRANSIENT.has(String(candidate.name)) ||
    THROTTLING.has(String(candidate.name));
  if (!looksLikeAws) return undefined;
  if (typeof candidate.Code === 'string') return candidate.Code;
  if (typeof candidate.code === 'string' && NETWORK_CODES.has(candidate.code)) return candidate.code;
  if (typeof candidate.name === 'string' && candidate.name !== 'Error') return candidate.name;
  return 'UnknownError';
}

/** True when `err` is the named AWS error (`ConditionalCheckFailedException`, `ThrottlingException`, …). */
export function isAwsError(err: unknown, ...codes: readonly string[]): boolean {
  const code = awsErrorCode(err);
  return code !== undefined && codes.includes(code);
}

function isTransient(err: unknown, code: string): boolean {
  if (THROTTLING.has(code) || TRANSIENT.has(code) || NETWORK_CODES.has(code)) return true;
  const meta = err as { $fault?: unknown; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (meta.$retryable) return true;
  if (meta.$fault === 'server') return true;
  const status = meta.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

function messageOf(err: unknown): string {
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && message.length > 0 ? message : 'no message';
}

function attemptsOf(err: unknown): number | undefined {
  return (err as { $metadata?: { attempts?: number } }).$metadata?.attempts;
}

// ELBv2 (awsQuery) returns the short code; the SDK names the modelled exception with the suffix.
const LISTENER_OR_RULE_NOT_FOUND = new Set([
  'ListenerNotFound',
  'ListenerNotFoundException',
  'RuleNotFound',
  'RuleNotFoundException',
  'LoadBalancerNotFound',
  'LoadBalancerNotFoundException',
]);
const TARGET_GROUP_NOT_FOUND = new Set(['TargetGroupNotFound', 'TargetGroupNotFoundException']);
// The SDK's own throttling classification, plus the codes ELBv2 and DynamoDB use.
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'ThrottlingError',
]);
const TRANSIENT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServerException',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
]);
