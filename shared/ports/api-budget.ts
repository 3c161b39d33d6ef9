/**
 * The ELB API budget of the account and region, shared by every cutover of the deployment (and of a
 * campaign): a token bucket per kind of call. A caller takes a token before each ELB write and each
 * read; when none is free it waits (bounded) instead of spending the account's limit and throttling
 * every other cutover and controller. Implementations: DynamoDB conditional updates
 * (shared/aws/dynamodb-api-budget.ts) and in memory on a (virtual) clock (rehearsals).
 */
export interface ApiBudget {
  /**
   * Takes one token of `bucket`, waiting for the refill when needed; throws
   * ApiBudgetExhaustedError when none came within the bounded wait.
   */
  take(bucket: 'modify' | 'describe'): Promise<void>;
}
