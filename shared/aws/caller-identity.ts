import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

export interface CallerIdentity {
  /** The principal's ARN (user, or assumed role with session name) — what audit records name. */
  readonly arn: string;
  readonly account: string;
  readonly userId: string;
}

/** Who is calling: STS GetCallerIdentity, which needs no permission and proves the credentials work. */
export async function readCallerIdentity(client: STSClient): Promise<CallerIdentity> {
  const out = await client.send(new GetCallerIdentityCommand({}));
  return { arn: out.Arn ?? 'unknown', account: out.Account ?? 'unknown', userId: out.UserId ?? 'unknown' };
}
