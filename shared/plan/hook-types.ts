/** The lifecycle points a plan may hook (issue 11). Names are an API: add, never rename. */
export const HOOK_POINTS = ['preTraffic', 'afterStep', 'beforeComplete', 'onRollback'] as const;
export type HookPoint = (typeof HOOK_POINTS)[number];

interface HookBase {
  /** Whole budget of the hook, retry-later answers included. */
  readonly timeoutSeconds: number;
  /** Redeliveries of a call that failed to deliver (network, 5XX/429, Lambda error), with backoff. */
  readonly retries: number;
}
export interface LambdaHook extends HookBase {
  readonly kind: 'lambda';
  readonly functionArn: string;
}
export interface UrlHook extends HookBase {
  readonly kind: 'url';
  readonly url: string;
  readonly secretArn: string;
}
export type ResolvedHook = LambdaHook | UrlHook;
export type Hooks = Partial<Readonly<Record<HookPoint, ResolvedHook>>>;

export interface ObservedSplitGate {
  readonly tolerancePercent: number;
  readonly minutes: number;
  readonly minRequests: number;
}
