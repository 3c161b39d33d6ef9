import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * What the RunHook function may reach: the lifecycle hooks a deployment's plans name. Invoke only
 * these functions and read only these secrets — a plan naming any other hook fails at the hook
 * (AccessDenied → HookUnreachable → the failure path), never by widening the role.
 */
export interface CutoverHookAccess {
  /** Lambda function ARNs plans may name in `hooks.*.lambda` (exact, unqualified or with a version/alias). */
  readonly functionArns?: readonly string[];
  /** Complete Secrets Manager secret ARNs (with their 6-character suffix) plans name in `hooks.*.secretArn`. */
  readonly secretArns?: readonly string[];
}

const FUNCTION_ARN =
  /^arn:aws(?:-[a-z]+)*:lambda:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9$_-]{1,128})?$/;
const SECRET_ARN =
  /^arn:aws(?:-[a-z]+)*:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

/** Adds the hook statements to the RunHook function's role; refuses anything but exact ARNs at synth. */
export function grantHookAccess(runHook: lambda.Function, access: CutoverHookAccess | undefined): void {
  for (const statement of hookStatements(access)) runHook.addToRolePolicy(statement);
}

export function hookStatements(access: CutoverHookAccess | undefined): iam.PolicyStatement[] {
  const functions = checked(
    'hooks.functionArns',
    access?.functionArns ?? [],
    FUNCTION_ARN,
    'arn:aws:lambda:<region>:<account>:function:<name>',
  );
  const secrets = checked(
    'hooks.secretArns',
    access?.secretArns ?? [],
    SECRET_ARN,
    'arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters> (the complete ARN the console shows)',
  );
  const statements: iam.PolicyStatement[] = [];
  if (functions.length > 0)
    statements.push(
      new iam.PolicyStatement({
        sid: 'InvokeHookFunctions',
        actions: ['lambda:InvokeFunction'],
        resources: functions,
      }),
    );
  if (secrets.length > 0)
    statements.push(
      new iam.PolicyStatement({
        sid: 'ReadHookSecrets',
        actions: ['secretsmanager:GetSecretValue'],
        resources: secrets,
      }),
    );
  return statements;
}

function checked(field: string, arns: readonly string[], pattern: RegExp, shape: string): string[] {
  for (const arn of arns) {
    if (!pattern.test(arn))
      throw new Error(
        `Cutover ${field}: ${JSON.stringify(arn)} is not an exact ARN; allowed ${shape}; wildcards are refused`,
      );
  }
  return [...new Set(arns)].sort();
}
