import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

import type { CallerIdentity } from '#ports/caller-identity';

export type { CallerIdentity };

/** Who is calling: STS GetCallerIdentity, which needs no permission and proves the credentials work. */
export async function readCallerIdentity(client: STSClient): Promise<CallerIdentity> {
  const out = await client.send(new GetCallerIdentityCommand({}));
  return { arn: out.Arn ?? 'unknown', account: out.Account ?? 'unknown', userId: out.UserId ?? 'unknown' };
}
