import { SWEEPER_PREFIX } from './use-cases/safety-net.ts';

/**
 * Who may own a router's lease, as the owner string says: an execution (its ARN), the safety net
 * restoring a stopped execution's snapshot (`sweeper:<execution ARN>`), or a human releasing the lease
 * by hand (`human:<caller ARN>`). Every rule that reads an owner lives here.
 */
export { SWEEPER_PREFIX };

/** The owner a human release takes the lease over as; never an execution, so the sweeper leaves it be. */
export const HUMAN_PREFIX = 'human:';

const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:/;

export type LeaseOwner =
  | { readonly kind: 'sweeper'; readonly executionArn: string }
  | { readonly kind: 'human'; readonly principal: string }
  | { readonly kind: 'execution'; readonly executionArn: string }
  /** A writer Step Functions does not know, such as `cutover run --local`. */
  | { readonly kind: 'other'; readonly owner: string };

export function parseLeaseOwner(owner: string): LeaseOwner {
  if (owner.startsWith(SWEEPER_PREFIX)) {
    return { kind: 'sweeper', executionArn: owner.slice(SWEEPER_PREFIX.length) };
  }
  if (owner.startsWith(HUMAN_PREFIX)) return { kind: 'human', principal: owner.slice(HUMAN_PREFIX.length) };
  if (EXECUTION_ARN.test(owner)) return { kind: 'execution', executionArn: owner };
  return { kind: 'other', owner };
}

/** The lease owner a human release writes. */
export function humanOwner(principalArn: string): string {
  return `${HUMAN_PREFIX}${principalArn}`;
}

/** The execution an audit record about this lease belongs to: the sweeper's prefix removed. */
export function executionOfOwner(owner: string): string {
  const parsed = parseLeaseOwner(owner);
  return parsed.kind === 'sweeper' ? parsed.executionArn : owner;
}
