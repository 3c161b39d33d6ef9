import { elbApiBudgetPlugin } from '../../shared/aws/elb-api-budget-plugin.ts';
import {
  decideNext,
  type Halt,
  type ServiceOutcome,
  type ServiceState,
} from '../../shared/campaign/schedule.ts';
import type { CampaignService, ResolvedCampaign } from '../../shared/campaign/types.ts';
import type { Weights } from '../../shared/core/weights.ts';
import { type RehearsalHandle, type RehearsalResult, rehearse } from '../rehearsal/run-rehearsal.ts';
import { ElbApiLimits } from '../sandbox/elb-api-limits.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { ConcurrentVirtualClock } from './concurrent-clock.ts';
import { InMemoryApiBudget } from './in-memory-budget.ts';
import type { CampaignScenario } from './scenario.ts';
import { type CampaignSummary, type ServiceRun, summarizeCampaign } from './summary.ts';

/** What a campaign rehearsal reports while it runs; times are virtual seconds since its start. */
export type CampaignEvent =
  | { readonly kind: 'started'; readonly atSeconds: number; readonly service: string; readonly wave: number }
  | {
      readonly kind: 'ended';
      readonly atSeconds: number;
      readonly service: string;
      readonly outcome: ServiceOutcome;
      readonly reason: string;
    }
  | {
      readonly kind: 'skipped';
      readonly atSeconds: number;
      readonly service: string;
      readonly reason: string;
    }
  | {
      readonly kind: 'halted';
      readonly atSeconds: number;
      readonly reason: string;
      readonly abortRunning: boolean;
    };

export interface CampaignRehearsal {
  readonly summary: CampaignSummary;
  readonly runs: readonly ServiceRun[];
  readonly limits: ElbApiLimits;
  readonly budget: InMemoryApiBudget;
}

/**
 * Rehearses a campaign: every service's cutover is the real state machine with the real handlers
 * over its own simulated service (sandbox), all on one shared virtual clock, sharing the account's
 * ELB API limits (throttling past them) and taking their calls from one shared API budget. The
 * campaign's rules (waves, `after`, maxConcurrent, haltAfter, abortAll) are the pure `decideNext`.
 */
export async function rehearseCampaign(opts: {
  readonly campaign: ResolvedCampaign;
  readonly scenario: CampaignScenario;
  readonly onEvent?: (event: CampaignEvent) => void;
}): Promise<CampaignRehearsal> {
  const { campaign, scenario } = opts;
  const emit = opts.onEvent ?? (() => {});
  const clock = new ConcurrentVirtualClock(scenario.startAt);
  const seconds = () => clock.elapsedSeconds();
  const limits = new ElbApiLimits(clock.now().getTime(), campaign.elbApiBudget);
  const budget = new InMemoryApiBudget(campaign.elbApiBudget, clock);
  const sandboxOptions = { elbLimits: limits, clientPlugins: [elbApiBudgetPlugin(budget)] };

  const states = new Map<string, ServiceState>();
  const runs = new Map<string, ServiceRun>();
  const handles = new Map<string, RehearsalHandle>();
  const running = new Map<string, Promise<void>>();
  let halt: (Halt & { atSeconds: number }) | null = null;

  const start = (service: CampaignService) => {
    const own = scenario.services.get(service.name) as Scenario;
    const startedAtSeconds = seconds();
    states.set(service.name, 'running');
    emit({ kind: 'started', atSeconds: startedAtSeconds, service: service.name, wave: service.wave });
    const shifted = {
      ...own,
      faults: own.faults.map((f) => ({ ...f, atSeconds: f.atSeconds + startedAtSeconds })),
    };
    const work = clock.run(() =>
      rehearse({
        plan: service.plan,
        planDocument: service.planDocument,
        scenario: shifted,
        clock,
        sandboxOptions,
        onStarted: (handle) => handles.set(service.name, handle),
      }),
    );
    running.set(
      service.name,
      work.then((result) => {
        running.delete(service.name);
        handles.delete(service.name);
        const run = ranService(service, result, startedAtSeconds, seconds());
        runs.set(service.name, run);
        states.set(service.name, run.outcome);
        emit({
          kind: 'ended',
          atSeconds: run.endedAtSeconds ?? 0,
          service: service.name,
          outcome: run.outcome,
          reason: run.reason,
        });
      }),
    );
  };

  for (;;) {
    const decision = decideNext(campaign, states);
    for (const name of decision.skip) {
      states.set(name, 'skipped');
      emit({
        kind: 'skipped',
        atSeconds: seconds(),
        service: name,
        reason: 'a service it waits for did not succeed',
      });
    }
    if (decision.halt !== null && halt === null) {
      halt = { ...decision.halt, atSeconds: seconds() };
      emit({
        kind: 'halted',
        atSeconds: halt.atSeconds,
        reason: halt.reason,
        abortRunning: halt.abortRunning,
      });
      if (halt.abortRunning) await abortRunning(clock, handles, halt.reason);
    }
    for (const name of decision.start)
      start(campaign.services.find((s) => s.name === name) as CampaignService);
    if (decision.done) break;
    if (running.size > 0) await Promise.race(running.values());
    else if (decision.start.length === 0 && decision.skip.length === 0) break;
  }

  const all = campaign.services.map(
    (service) =>
      runs.get(service.name) ??
      notRun(service, scenario.services.get(service.name) as Scenario, states.get(service.name)),
  );
  const summary = summarizeCampaign({
    campaign,
    scenario,
    runs: all,
    halt,
    limits,
    budget,
    startedAt: scenario.startAt.getTime(),
    durationSeconds: seconds(),
  });
  return { summary, runs: all, limits, budget };
}

/** abortAll: every running cutover is asked to roll back, as `cutover abort` asks (the lease flag). */
async function abortRunning(
  clock: ConcurrentVirtualClock,
  handles: ReadonlyMap<string, RehearsalHandle>,
  reason: string,
) {
  // A participant while it writes, so the clock does not move under the abort.
  await clock.run(async () => {
    for (const handle of handles.values())
      await handle.inject({ kind: 'abort', atSeconds: 0, by: 'campaign', reason, force: false });
  });
}

function ranService(
  service: CampaignService,
  result: RehearsalResult,
  startedAtSeconds: number,
  endedAtSeconds: number,
): ServiceRun {
  const { summary } = result;
  return {
    name: service.name,
    wave: service.wave,
    outcome: summary.outcome,
    startWeights: summary.startWeights,
    finalWeights: summary.finalWeights,
    startedAtSeconds,
    endedAtSeconds,
    reason: summary.rollback?.reason ?? summary.error?.cause ?? '',
    rehearsal: summary,
    timeline: result.timeline,
  };
}

function notRun(service: CampaignService, scenario: Scenario, state: ServiceState | undefined): ServiceRun {
  const weights: Weights = Object.fromEntries(
    Object.keys(service.plan.targets).map((name) => [name, scenario.initialWeights[name] ?? 0]),
  );
  const skipped = state === 'skipped';
  return {
    name: service.name,
    wave: service.wave,
    outcome: skipped ? 'skipped' : 'not_started',
    startWeights: weights,
    finalWeights: weights,
    startedAtSeconds: null,
    endedAtSeconds: null,
    reason: skipped ? 'a service it waits for did not succeed' : 'the campaign halted before its turn',
    rehearsal: null,
    timeline: null,
  };
}
