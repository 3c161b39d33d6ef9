import type { BucketSpec } from '#core/token-bucket';
import type { ResolvedPlan } from '#plan/types';

/** A campaign after every check: each service's plan resolved, every default filled in. */
export interface ResolvedCampaign {
  readonly name: string;
  readonly maxConcurrent: number;
  readonly failurePolicy: FailurePolicy;
  readonly elbApiBudget: { readonly modify: BucketSpec; readonly describe: BucketSpec };
  /** In the order the file lists them. */
  readonly services: readonly CampaignService[];
}

export interface FailurePolicy {
  /** This many services that did not succeed stop the campaign starting new ones. */
  readonly haltAfter: number;
  /** A critical failure (rollback failed, drift, error) aborts every running cutover. */
  readonly abortAll: boolean;
}

export interface CampaignService {
  readonly name: string;
  readonly wave: number;
  /** Services that must succeed before this one starts. */
  readonly after: readonly string[];
  /** The plan document as the cutover state machine gets it (template filled in). */
  readonly planDocument: Readonly<Record<string, unknown>>;
  readonly plan: ResolvedPlan;
}
