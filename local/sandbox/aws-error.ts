/**
 * Errors shaped like the SDK's service exceptions (`name`, `$fault`, `$metadata`), so the SDK's
 * retry classification, `instanceof XxxException` checks (the SDK matches by name) and the adapters'
 * error mapping all treat them exactly as they treat errors from AWS.
 */

/** HTTP status AWS answers with, per error code; anything unlisted is a 400. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  AccessDenied: 403,
  AccessDeniedException: 403,
  UnauthorizedOperation: 403,
  ExpiredToken: 403,
  InternalFailure: 500,
  InternalError: 500,
  InternalServerError: 500,
  InternalServerException: 500,
  ServiceUnavailable: 503,
  ServiceUnavailableException: 503,
  ResourceNotFoundException: 400,
  ExecutionDoesNotExist: 400,
};

export interface SandboxAwsError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: {
    httpStatusCode?: number;
    requestId?: string;
    attempts?: number;
    totalRetryDelay?: number;
  };
  /** Extra members some exceptions carry (e.g. DynamoDB's `Item` on a failed condition). */
  [member: string]: unknown;
}

let requestCounter = 0;

export function awsError(
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): SandboxAwsError {
  // `TimeoutError` is the SDK's own socket timeout: no HTTP status, no service fault.
  if (code === 'TimeoutError') {
    return Object.assign(new Error(message), { name: code, ...extra }) as unknown as SandboxAwsError;
  }
  const status = STATUS_BY_CODE[code] ?? 400;
  requestCounter += 1;
  return Object.assign(new Error(message), {
    name: code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: `sandbox-${requestCounter}` },
    ...extra,
  }) as SandboxAwsError;
}

/** The sandbox was asked for something it does not simulate: say so, never pretend. */
export function notSimulated(what: string, hint: string): SandboxAwsError {
  return awsError('ValidationException', `sandbox: ${what} is not simulated; ${hint}`);
}
