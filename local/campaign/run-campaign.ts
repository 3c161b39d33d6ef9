import { elbApiBudgetPlugin } from '#aws/elb-api-budget-plugin';
import type { ServiceOutcome } from '#campaign/outcome';
import { campaignExecutionInput } from '#campaign/stages';
import type { CampaignService, ResolvedCampaign } from '#campaign/types';
import { ErrorName } from '#core/errors';
import type { Weights } from '#core/weights';
import { type RehearsalHandle, type RehearsalResult, rehearse } from '../rehearsal/run-rehearsal.ts';
import { ElbApiLimits } from '../sandbox/elb-api-limits.ts';
import type { Scenario } from '../scenario/scenario.ts';
import {
  type CampaignExecutionResult,
  type ChildOutcome,
  runCampaignExecution,
} from './campaign-executor.ts';
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
  /** How the campaign state machine ended. */
  readonly execution: CampaignExecutionResult;
}

/**
 * Rehearses a campaign: the campaign state machine (state-machines/campaign.asl.json) runs on the
 * local executor, and each child cutover it starts is the real cutover state machine with the real
 * handlers over its own simulated service, all on one shared virtual clock, sharing the account's
 * ELB API limits (throttling past them) and taking their calls from one shared API budget.
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
  const runs = new Map<string, ServiceRun>();
  const handles = new Map<string, RehearsalHandle>();
  const running = new Set<Promise<ServiceRun>>();

  const runService = async (service: CampaignService): Promise<ServiceRun> => {
    const own = scenario.services.get(service.name) as Scenario;
    const startedAtSeconds = seconds();
    emit({ kind: 'started', atSeconds: startedAtSeconds, service: service.name, wave: service.wave });
    // A service's fault times count from its own start.
    const faults = own.faults.map((fault) => ({ ...fault, atSeconds: fault.atSeconds + startedAtSeconds }));
    const result = await clock.run(() =>
      rehearse({
        plan: service.plan,
        planDocument: service.planDocument,
        scenario: { ...own, faults },
        clock,
        sandboxOptions,
        onStarted: (handle) => handles.set(service.name, handle),
      }),
    );
    handles.delete(service.name);
    const run = ranService(service, result, startedAtSeconds, seconds());
    runs.set(service.name, run);
    emit({
      kind: 'ended',
      atSeconds: seconds(),
      service: service.name,
      outcome: run.outcome,
      reason: run.reason,
    });
    return run;
  };
  /** Every service started, until it is recorded (children outlive a campaign that aborted). */
  const tracked = (service: CampaignService): Promise<ServiceRun> => {
    const run = runService(service);
    running.add(run);
    return run.finally(() => running.delete(run));
  };

  const childName = (service: CampaignService) => `${service.plan.name}-rehearsal`;
  const byChild = new Map(campaign.services.map((service) => [childName(service), service]));
  const input = campaignExecutionInput(campaign, childName);
  const orchestrator = new OrchestratorHold(
    clock,
    input.stages.map((stage) => stage.map((s) => s.executionName)),
    campaign.maxConcurrent,
  );
  const execution = await runCampaignExecution({
    input,
    executionName: `${campaign.name}-rehearsal`,
    runChild: async ({ executionName }) => {
      const run = tracked(byChild.get(executionName) as CampaignService);
      orchestrator.childStarted(executionName);
      return childOutcome(await run.finally(() => orchestrator.childEnded(executionName)));
    },
  }).finally(() => orchestrator.done());
  const halt = haltOf(execution, seconds());
  if (halt !== null)
    emit({ kind: 'halted', atSeconds: halt.atSeconds, reason: halt.reason, abortRunning: halt.abortRunning });
  // abortAll: AWS stops the stage's other children (StopExecution); the safety net restores them.
  if (halt?.abortRunning) await stopRunning(clock, handles, halt.reason);
  while (running.size > 0) await Promise.all([...running]);

  const all = campaign.services.map(
    (service) => runs.get(service.name) ?? notRun(service, scenario.services.get(service.name) as Scenario),
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
    campaignTransitions: execution.stateTransitions,
  });
  return { summary, runs: all, limits, budget, execution };
}

/**
 * The campaign state machine is not a participant of the clock: between one child ending and the
 * next starting it works without sleeping, and time must not move meanwhile. It holds the clock
 * except while exactly as many children run as its Map will run at once (min(maxConcurrent, what
 * is left of the stage)): then it can only be waiting for one of them to end.
 */
class OrchestratorHold {
  readonly #clock: ConcurrentVirtualClock;
  readonly #stageOf = new Map<string, number>();
  readonly #left: number[];
  readonly #maxConcurrent: number;
  #inFlight = 0;
  #release: (() => void) | undefined;

  constructor(clock: ConcurrentVirtualClock, stages: readonly (readonly string[])[], maxConcurrent: number) {
    this.#clock = clock;
    this.#maxConcurrent = maxConcurrent;
    this.#left = stages.map((stage) => stage.length);
    stages.forEach((stage, index) => {
      for (const name of stage) this.#stageOf.set(name, index);
    });
    this.#release = clock.hold();
  }

  childStarted(name: string): void {
    this.#inFlight += 1;
    const left = this.#left[this.#stageOf.get(name) ?? 0] ?? 0;
    if (this.#inFlight >= Math.min(this.#maxConcurrent, left)) {
      this.#release?.();
      this.#release = undefined;
    }
  }

  childEnded(name: string): void {
    this.#inFlight -= 1;
    const stage = this.#stageOf.get(name) ?? 0;
    const left = (this.#left[stage] ?? 1) - 1;
    this.#left[stage] = left;
    // Busy until the Map starts the next child, or the next stage (or the end) once this one is done.
    const waitingOnly = left > 0 && this.#inFlight >= Math.min(this.#maxConcurrent, left);
    if (!waitingOnly) this.#release ??= this.#clock.hold();
  }

  done(): void {
    this.#release?.();
    this.#release = undefined;
  }
}

function childOutcome(run: ServiceRun): ChildOutcome {
  const executionArn = `arn:aws:states:us-east-1:123456789012:execution:cutover:${run.name}`;
  if (run.outcome === 'succeeded') return { status: 'SUCCEEDED', executionArn };
  return {
    status: 'FAILED',
    executionArn,
    error: run.rehearsal?.error?.name ?? run.outcome,
    cause: run.reason,
  };
}

function haltOf(execution: CampaignExecutionResult, atSeconds: number) {
  if (execution.error === ErrorName.CampaignHalted || execution.error === ErrorName.CampaignAborted) {
    return {
      atSeconds,
      reason: execution.cause ?? execution.error,
      abortRunning: execution.error === ErrorName.CampaignAborted,
    };
  }
  return null;
}

/** What StopExecution does to a child: it stops where it is (the rehearsal then plays the safety net). */
async function stopRunning(
  clock: ConcurrentVirtualClock,
  handles: ReadonlyMap<string, RehearsalHandle>,
  reason: string,
) {
  // A participant while it stops them, so the clock does not move under the stop.
  await clock.run(async () => {
    for (const handle of handles.values())
      await handle.inject({ kind: 'abort', atSeconds: 0, by: 'campaign', reason, force: true });
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
    outcome: result.execution.status === 'ABORTED' ? 'aborted' : summary.outcome,
    startWeights: summary.startWeights,
    finalWeights: summary.finalWeights,
    startedAtSeconds,
    endedAtSeconds,
    reason: summary.rollback?.reason ?? summary.error?.cause ?? '',
    rehearsal: summary,
    timeline: result.timeline,
  };
}

function notRun(service: CampaignService, scenario: Scenario): ServiceRun {
  const weights: Weights = Object.fromEntries(
    Object.keys(service.plan.targets).map((name) => [name, scenario.initialWeights[name] ?? 0]),
  );
  return {
    name: service.name,
    wave: service.wave,
    outcome: 'not_started',
    startWeights: weights,
    finalWeights: weights,
    startedAtSeconds: null,
    endedAtSeconds: null,
    reason: 'the campaign halted before its turn',
    rehearsal: null,
    timeline: null,
  };
}
