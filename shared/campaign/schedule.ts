import type { ResolvedCampaign } from './types.ts';

/** How one service of a campaign ended (the cutover's outcome), or why it never started. */
export type ServiceOutcome =
  | 'succeeded'
  | 'rolled_back'
  | 'rejected'
  | 'paused'
  | 'failed'
  | 'aborted'
  /** A service it depends on did not succeed. */
  | 'skipped'
  /** The campaign halted before its turn. */
  | 'not_started';

export type ServiceState = 'pending' | 'running' | ServiceOutcome;

/** Outcomes that stop a campaign right away when `abortAll` is set: a human must look. */
const CRITICAL: ReadonlySet<ServiceState> = new Set(['failed']);
/** Outcomes that count towards `haltAfter`. */
const NOT_SUCCEEDED: ReadonlySet<ServiceState> = new Set(['rolled_back', 'rejected', 'failed', 'aborted']);

export interface Halt {
  readonly reason: string;
  /** `abortAll`: running cutovers are asked to roll back. */
  readonly abortRunning: boolean;
}

export interface CampaignDecision {
  /** Services to start now, in order. */
  readonly start: readonly string[];
  /** Services that can no longer start (a dependency did not succeed). */
  readonly skip: readonly string[];
  readonly halt: Halt | null;
  /** Nothing running and nothing left to start. */
  readonly done: boolean;
}

/**
 * What the campaign does next, from the state of every service. Pure, so the rehearsal, the
 * campaign state machine's check between waves and the tests share one set of rules:
 *
 * - A wave starts once every service of the earlier waves has ended.
 * - A service starts once every service in its `after` succeeded; if one did not, it is skipped.
 * - At most `maxConcurrent` run at once; services start in wave order, then file order.
 * - `haltAfter` services not succeeded: no new service starts; running ones finish (or roll back).
 * - A critical failure with `abortAll`: running ones are aborted too.
 */
export function decideNext(
  campaign: ResolvedCampaign,
  states: ReadonlyMap<string, ServiceState>,
): CampaignDecision {
  const stateOf = (name: string): ServiceState => states.get(name) ?? 'pending';
  const halt = haltOf(campaign, stateOf);
  const running = campaign.services.filter((service) => stateOf(service.name) === 'running').length;
  const pending = campaign.services.filter((service) => stateOf(service.name) === 'pending');
  if (halt !== null) return { start: [], skip: [], halt, done: running === 0 };
  const skip = pending
    .filter((service) =>
      service.after.some((name) => isEnded(stateOf(name)) && stateOf(name) !== 'succeeded'),
    )
    .map((service) => service.name);
  const open = campaign.services.filter(
    (service) =>
      !skip.includes(service.name) &&
      (stateOf(service.name) === 'pending' || stateOf(service.name) === 'running'),
  );
  const wave = Math.min(...open.map((service) => service.wave));
  const start: string[] = [];
  for (const service of pending) {
    if (running + start.length >= campaign.maxConcurrent) break;
    if (skip.includes(service.name) || service.wave !== wave) continue;
    if (service.after.every((name) => stateOf(name) === 'succeeded')) start.push(service.name);
  }
  const done = running === 0 && start.length === 0 && open.length === 0;
  return { start, skip, halt: null, done };
}

function haltOf(campaign: ResolvedCampaign, stateOf: (name: string) => ServiceState): Halt | null {
  const { haltAfter, abortAll } = campaign.failurePolicy;
  const critical = campaign.services.find((service) => CRITICAL.has(stateOf(service.name)));
  if (critical !== undefined && abortAll) {
    return {
      reason: `${critical.name} failed (a rollback that could not complete, drift or an error): abortAll stops the campaign and aborts every running cutover`,
      abortRunning: true,
    };
  }
  const failed = campaign.services.filter((service) => NOT_SUCCEEDED.has(stateOf(service.name)));
  if (failed.length >= haltAfter) {
    return {
      reason: `${failed.length} services did not succeed (${failed.map((s) => `${s.name} ${stateOf(s.name)}`).join(', ')}) ≥ haltAfter ${haltAfter}: no new service starts; running ones finish or roll back`,
      abortRunning: false,
    };
  }
  return null;
}

export function isEnded(state: ServiceState): boolean {
  return state !== 'pending' && state !== 'running';
}
