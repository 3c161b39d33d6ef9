import { CutoverError, ErrorName } from '#core/errors';
import { ExitCode } from './io.ts';

/** A failure a command reports as one line and an exit code (DESIGN §8). */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  readonly exitCode: number;
  constructor(exitCode: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** Bad flags or a bad plan: exit 2, and nothing was sent to AWS. */
export const usageFailure = (message: string): CliFailure => new CliFailure(ExitCode.InvalidInput, message);
/** The environment: credentials, access, an endpoint that does not answer, a missing deployment. */
export const environmentFailure = (message: string, cause?: unknown): CliFailure =>
  new CliFailure(ExitCode.Environment, message, cause === undefined ? undefined : { cause });

const credentialErrors = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'TokenRefreshRequired',
  'ProviderError',
]);
const accessErrors = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'KmsAccessDeniedException',
  ErrorName.AwsRejected,
]);
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const unreachableErrors = new Set([
  'TimeoutError',
  'RequestTimeout',
  'NetworkingError',
  ErrorName.AwsTransient,
]);

/**
 * Turns what an AWS call threw into one line that says what to check, with exit code 3 — or keeps a
 * CliFailure as it is. `doing` names the call in the operator's words, e.g.
 * `starting arn:aws:states:…:stateMachine:Cutover`. Anything that did not come from AWS or the way
 * to it (a TypeError, say) is a bug in Cutover: it is rethrown as it is, so that it shows its stack
 * instead of passing for an AWS problem.
 */
export function toCliFailure(error: unknown, doing: string): CliFailure {
  if (error instanceof CliFailure) return error;
  if (!isEnvironmentError(error)) throw error;
  const { name } = error;
  const message = error.message.split('\n')[0] ?? '';
  const code = networkCode(error);
  if (credentialErrors.has(name) || /credential/i.test(message)) {
    return environmentFailure(
      `${doing}: AWS credentials missing or invalid (${name}: ${message}); check AWS_PROFILE / AWS_ACCESS_KEY_ID, or sign in again (aws sso login)`,
      error,
    );
  }
  if (accessErrors.has(name)) {
    return environmentFailure(
      `${doing}: AWS denied access (${name}: ${message}); check the IAM permissions of the caller (aws sts get-caller-identity)`,
      error,
    );
  }
  if (code !== undefined || unreachableErrors.has(name)) {
    return environmentFailure(
      `${doing}: AWS did not answer (${code ?? name}: ${message}); check the network, AWS_REGION and AWS_ENDPOINT_URL`,
      error,
    );
  }
  if (/region is missing/i.test(message)) {
    return environmentFailure(`${doing}: no AWS region; set AWS_REGION or pass --region`, error);
  }
  if (name === 'StateMachineDoesNotExist' || /stack with id .* does not exist/i.test(message)) {
    return environmentFailure(
      `${doing}: the Cutover deployment was not found (${name}: ${message}); check --state-machine-arn / --stack (or CUTOVER_STATE_MACHINE_ARN / CUTOVER_STACK) and the region`,
      error,
    );
  }
  return environmentFailure(`${doing}: AWS call failed (${name}: ${message})`, error);
}

/**
 * Whether an error came from AWS or the way to it: an SDK service error (it carries `$metadata`),
 * credentials, the network, the region, or a Cutover error an adapter raised about the account.
 */
export function isEnvironmentError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (error instanceof CutoverError || '$metadata' in error || '$fault' in error) return true;
  const { name, message } = error;
  return (
    credentialErrors.has(name) ||
    accessErrors.has(name) ||
    unreachableErrors.has(name) ||
    networkCode(error) !== undefined ||
    /region is missing/i.test(message)
  );
}

function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && networkCodes.has(code)) return code;
    e = e.cause;
  }
  return undefined;
}

/** Runs one AWS call; what AWS throws becomes a one-line CliFailure naming what was being done. */
export async function awsCall<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toCliFailure(error, doing);
  }
}
