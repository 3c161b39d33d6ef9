/**
 * The test route: one listener rule, matched by a request header, that forwards only to the
 * destination's target group. Smoke tests and the synthetic probe reach the destination through it
 * while real users still see the weights of the router.
 */
export interface TestRouteSpec {
  /** The listener the rule is created on (the router's listener, or the listener of a router rule). */
  readonly listenerArn: string;
  readonly header: string;
  readonly value: string;
  /** The only target group the rule forwards to. */
  readonly targetGroupArn: string;
  /** A priority the plan asked for; otherwise the lowest free one (evaluated before the other rules). */
  readonly priority?: number;
  /** When the router is itself a rule: the test route must be evaluated before it. */
  readonly routerRuleArn?: string;
}

/** What the lease remembers of a test route, so any later actor (release, safety net) can remove it. */
export interface TestRouteRecord {
  readonly listenerArn: string;
  readonly header: string;
  readonly value: string;
  readonly targetGroupArn: string;
  /** Absent while the create is in flight: the rule is then found by its header condition. */
  readonly ruleArn?: string;
  readonly priority?: number;
}

export interface TestRoutes {
  /**
   * Creates the rule, or returns the one already there for the same header and value (a retried
   * create never makes a second rule), then reads it back: it must match the header and forward
   * only to the target group. A rule with the same header and value that forwards elsewhere is
   * someone else's and is never touched (TestRouteError).
   */
  ensure(spec: TestRouteSpec): Promise<Required<TestRouteRecord>>;
  /**
   * Deletes the rule (by ARN, or found by its header condition when the ARN is unknown) and reads
   * back that it is gone. `false` when there was nothing to delete.
   */
  remove(record: TestRouteRecord): Promise<boolean>;
}
