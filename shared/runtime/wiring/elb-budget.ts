import { DynamoDbApiBudget } from '#aws/dynamodb-api-budget';
import { elbApiBudgetPlugin } from '#aws/elb-api-budget-plugin';
import { createElbv2Client } from '#aws/elbv2-client';
import { ConfigurationError } from '#core/errors';
import { type BucketSpec, ELB_ACCOUNT_LIMITS } from '#core/token-bucket';
import type { LambdaEnv } from '../lambda-deps.ts';
import { homeTable } from './home-table.ts';
import { perRegion, type RegionalClient } from './memo.ts';
import type { TableRef } from './table-ports.ts';

/** The budget of the deployment (construct prop `elbApiBudget`), as JSON; absent: the documented limits. */
export const ELB_API_BUDGET_ENV = 'ELB_API_BUDGET';

type Buckets = Readonly<Record<'modify' | 'describe', BucketSpec>>;

/** Reads ELB_API_BUDGET: `{"modify":{"burst":20,"perSecond":3},"describe":{…}}`, each kind optional. */
export function elbApiBudgetFromEnv(env: NodeJS.ProcessEnv = process.env): Buckets {
  const text = env[ELB_API_BUDGET_ENV];
  if (text === undefined || text === '') return ELB_ACCOUNT_LIMITS;
  const refuse = (found: string) =>
    new ConfigurationError(
      `lambda environment: ${ELB_API_BUDGET_ENV} is ${found}; allowed JSON {"modify":{"burst":n,"perSecond":n},"describe":{…}} with positive numbers; set the construct prop elbApiBudget (cutover.config.json elbApiBudget) and deploy again`,
    );
  let parsed: Partial<Record<'modify' | 'describe', unknown>>;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw refuse(`not JSON (${JSON.stringify(text.slice(0, 80))})`);
  }
  const bucket = (kind: 'modify' | 'describe'): BucketSpec => {
    const value = parsed[kind] as Partial<BucketSpec> | undefined;
    if (value === undefined) return ELB_ACCOUNT_LIMITS[kind];
    const ok = [value.burst, value.perSecond].every(
      (n) => typeof n === 'number' && Number.isFinite(n) && n > 0,
    );
    if (!ok) throw refuse(`${JSON.stringify(value)} for ${kind}`);
    return { burst: value.burst as number, perSecond: value.perSecond as number };
  };
  return { modify: bucket('modify'), describe: bucket('describe') };
}

/**
 * ELBv2 clients whose every call first takes a token of the deployment's shared ELB API budget
 * (the DynamoDB buckets in the Cutover table, one pair per region): the functions that move traffic
 * forward or read for it wait (bounded) instead of throttling the account. Rollback and the safety
 * net do not use it — restoring a snapshot never waits behind forward progress; their SDK clients
 * still back off on throttling (adaptive retry).
 */
export function budgetedElbv2(
  env: LambdaEnv,
  table: TableRef = homeTable(env),
  specs: Buckets = elbApiBudgetFromEnv(),
): RegionalClient<ReturnType<typeof createElbv2Client>> {
  return perRegion((region) =>
    createElbv2Client({
      region,
      plugins: [
        elbApiBudgetPlugin(
          new DynamoDbApiBudget({
            client: table.documents,
            tableName: table.tableName,
            region,
            specs,
            clock: env.clock,
          }),
        ),
      ],
    }),
  );
}
