/** Who runs an operator command: the principal audit records name. */
export interface CallerIdentity {
  /** The principal's ARN (user, or assumed role with session name) — what audit records name. */
  readonly arn: string;
  readonly account: string;
  readonly userId: string;
}

export interface IdentitySource {
  /** The caller's identity; also proves the credentials work. */
  whoAmI(): Promise<CallerIdentity>;
}
